package io.skaler.planner;

import java.util.Set;

/**
 * A Slurm {@code --constraint} expression matched against the features of one node shape: {@code a&b} (and),
 * {@code a|b} (or), {@code [a|b]} (matching or: all nodes alike, which a single-shape NodeSet always is),
 * {@code (...)} grouping, {@code a*4} (a node count with that feature; on one shape, the feature itself) and
 * {@code !a} (not). {@code &} binds tighter than {@code |}. An empty expression matches every shape.
 */
final class Constraint {
    private final String text;
    private int pos;

    private Constraint(String text) {
        this.text = text;
    }

    /** True when a node with {@code features} satisfies {@code expression}; unreadable text throws with the reason. */
    static boolean matches(String expression, Set<String> features) {
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            return true;
        }
        Constraint c = new Constraint(trimmed);
        boolean result = c.or(features);
        if (c.pos != c.text.length()) {
            throw new IllegalArgumentException("constraint '" + expression + "': unexpected '" + c.text.charAt(c.pos)
                    + "' at " + c.pos);
        }
        return result;
    }

    private boolean or(Set<String> features) {
        boolean result = and(features);
        while (peek('|')) {
            pos++;
            result |= and(features);
        }
        return result;
    }

    private boolean and(Set<String> features) {
        boolean result = factor(features);
        while (peek('&') || peek(',')) {
            pos++;
            result &= factor(features);
        }
        return result;
    }

    private boolean factor(Set<String> features) {
        if (peek('!')) {
            pos++;
            return !factor(features);
        }
        if (peek('(') || peek('[')) {
            char close = text.charAt(pos) == '(' ? ')' : ']';
            pos++;
            boolean inner = or(features);
            if (!peek(close)) {
                throw new IllegalArgumentException("constraint '" + text + "': missing '" + close + "'");
            }
            pos++;
            skipCount();
            return inner;
        }
        int start = pos;
        while (pos < text.length() && "&|,()[]*!".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String name = text.substring(start, pos).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("constraint '" + text + "': empty feature name at " + start);
        }
        skipCount();
        return features.contains(name);
    }

    private void skipCount() {
        if (peek('*')) {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
    }

    private boolean peek(char c) {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
        return pos < text.length() && text.charAt(pos) == c;
    }
}

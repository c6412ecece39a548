package io.skaler.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands a Slurm hostlist expression such as {@code gpu-h100-[0-3,7],cpu-0} or {@code n[01-02]-ib} into node names,
 * keeping zero padding. Used to read {@code UnavailableNodes:} in a pending job's {@code state_description}.
 */
public final class Hostlist {
    private Hostlist() {
    }

    /** @throws IllegalArgumentException when the expression is malformed or names more than {@code limit} nodes */
    public static List<String> expand(String expression, int limit) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= expression.length(); i++) {
            char c = i < expression.length() ? expression.charAt(i) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String token = expression.substring(start, i).trim();
                if (!token.isEmpty()) {
                    expandToken(token, out, limit, expression);
                }
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced brackets in hostlist \"" + expression + "\"");
        }
        return out;
    }

    private static void expandToken(String token, List<String> out, int limit, String whole) {
        int open = token.indexOf('[');
        if (open < 0) {
            add(out, token, limit, whole);
            return;
        }
        int close = token.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unbalanced brackets in hostlist \"" + whole + "\"");
        }
        String prefix = token.substring(0, open);
        String suffix = token.substring(close + 1);
        for (String range : token.substring(open + 1, close).split(",")) {
            int dash = range.indexOf('-');
            String lo = dash < 0 ? range : range.substring(0, dash);
            String hi = dash < 0 ? range : range.substring(dash + 1);
            long from = digits(lo, whole);
            long to = digits(hi, whole);
            if (to < from) {
                throw new IllegalArgumentException("bad range \"" + range + "\" in hostlist \"" + whole + "\"");
            }
            for (long n = from; n <= to; n++) {
                String num = Long.toString(n);
                while (num.length() < lo.length()) {
                    num = "0" + num;
                }
                // the suffix may hold further brackets: a[1-2]b[3-4]
                expandToken(prefix + num + suffix, out, limit, whole);
            }
        }
    }

    private static void add(List<String> out, String name, int limit, String whole) {
        if (out.size() >= limit) {
            throw new IllegalArgumentException("hostlist \"" + SlurmJsonReader.abbreviate(whole)
                    + "\" names more than " + limit + " nodes");
        }
        out.add(name);
    }

    private static long digits(String s, String whole) {
        if (s.isEmpty() || s.length() > 9) {
            throw new IllegalArgumentException("bad number \"" + s + "\" in hostlist \"" + whole + "\"");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad number \"" + s + "\" in hostlist \"" + whole + "\"");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

package io.skaler.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known word closest to a mistyped one ({@code chek -> check}), if one is close enough to be meant. */
final class Suggestion {
    private Suggestion() {
    }

    static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(java.util.Locale.ROOT);
        return known.stream()
                .filter(k -> distance(t, k.toLowerCase(java.util.Locale.ROOT)) <= allowed(k))
                .min(Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** A third of the word, at least one edit: {@code pln -> plan}, but not {@code x -> plan}. */
    private static int allowed(String word) {
        return Math.max(1, word.replaceFirst("^-+", "").length() / 3);
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

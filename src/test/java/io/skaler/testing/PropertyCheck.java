package io.skaler.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-test runner: generates {@code tries} cases from a seeded {@link Random} and checks a property on
 * each. A failure names the seed and the case number, so {@code -Dskaler.seed=S} replays it exactly. The seed is
 * fixed by default (runs are repeatable in CI); {@code -Dskaler.seed=random} explores new cases.
 */
public final class PropertyCheck {
    private PropertyCheck() {
    }

    public static <T> int forAll(int tries, Function<Random, T> generator, Consumer<T> property) {
        long seed = seed();
        int scale = Integer.getInteger("skaler.tries.scale", 1);
        var random = new Random(seed);
        int total = tries * Math.max(1, scale);
        for (int i = 0; i < total; i++) {
            long caseSeed = random.nextLong();
            T value = generator.apply(new Random(caseSeed));
            try {
                property.accept(value);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed on case " + i + " of " + total + " (seed " + seed
                        + ", case seed " + caseSeed + "): " + abbreviate(String.valueOf(value)) + "\n" + e.getMessage(), e);
            }
        }
        return total;
    }

    private static long seed() {
        String configured = System.getProperty("skaler.seed", "20261125");
        return configured.equals("random") ? System.nanoTime() : Long.parseLong(configured);
    }

    private static String abbreviate(String s) {
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "...";
    }
}

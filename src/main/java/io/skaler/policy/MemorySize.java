package io.skaler.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes quantities for memory ({@code 1000Gi}, {@code 512Mi}, {@code 500G}, {@code 2e9}, or plain bytes), turned
 * into the mebibytes Slurm counts memory in ({@code RealMemory}). Only what a node's memory can be: no milli-units,
 * no negatives.
 */
public final class MemorySize {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private MemorySize() {
    }

    /**
     * Mebibytes in {@code quantity}, rounded down (Slurm must never be told of more memory than the node has).
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static long toMebibytes(String quantity) {
        BigDecimal mib = toBytes(quantity).divide(MIB, 0, RoundingMode.FLOOR);
        if (mib.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("quantity \"" + quantity + "\" is too large");
        }
        return mib.longValueExact();
    }

    /**
     * Bytes in {@code quantity}, exactly.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static BigDecimal toBytes(String quantity) {
        String s = quantity.strip();
        int split = 0;
        while (split < s.length() && (Character.isDigit(s.charAt(split)) || s.charAt(split) == '.')) {
            split++;
        }
        String number = s.substring(0, split);
        String suffix = s.substring(split);
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw new IllegalArgumentException("invalid quantity \"" + quantity + "\" (expected e.g. 1000Gi, 512Mi, 500G)");
        }
        return new BigDecimal(number).multiply(multiplier(suffix, quantity));
    }

    private static BigDecimal multiplier(String suffix, String quantity) {
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            String exp = suffix.substring(1);
            if (exp.matches("\\+?[0-9]{1,2}")) {
                return BigDecimal.TEN.pow(Integer.parseInt(exp.replace("+", "")));
            }
        }
        return switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            default -> throw new IllegalArgumentException("unknown suffix \"" + suffix + "\" in quantity \"" + quantity
                    + "\" (use Ki, Mi, Gi, Ti, Pi, k, M, G, T or P)");
        };
    }
}

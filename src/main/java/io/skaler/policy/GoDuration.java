package io.skaler.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations as Kubernetes and Go write them ({@code time.ParseDuration}): a sequence of decimal numbers, each with a
 * unit, such as {@code 10m}, {@code 1h30m}, {@code 90s}, {@code 1.5h}, {@code 500ms}. Units: {@code ns}, {@code us}
 * (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A lone {@code 0} needs no unit. Operators' policies
 * live beside Kubernetes manifests, so the same spelling is accepted here rather than ISO-8601's {@code PT10M}.
 */
public final class GoDuration {
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\": expected a number at \""
                        + s.substring(start) + "\"");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text
                        + "\" (use ns, us, ms, s, m or h, e.g. 10m)");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(unit, text))));
            if (nanos.toBigInteger().compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration \"" + text + "\" is too large");
            }
        }
        Duration d = Duration.ofNanos(nanos.toBigInteger().longValueExact());
        return negative ? d.negated() : d;
    }

    private static long unitNanos(String unit, String text) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text
                    + "\" (use ns, us, ms, s, m or h)");
        };
    }

    /** The shortest Go-style spelling: {@code 1h30m}, {@code 90s} as {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        var sb = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int nanos = d.toNanosPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || (nanos > 0 && sb.length() > 0)) {
            sb.append(seconds);
            if (nanos > 0) {
                sb.append('.').append(String.format("%09d", nanos).replaceAll("0+$", ""));
            }
            sb.append('s');
        } else if (nanos > 0) {
            sb.append(nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : nanos + "ns");
        }
        return sb.toString();
    }
}

package io.skaler.slurm;

/**
 * The task ids a pending array record still holds, read from {@code array_task_string}: {@code 3-99},
 * {@code 1,5,7-9}, {@code 0-100:2}, each optionally followed by {@code %N} (the throttle). slurmrestd cuts the string
 * at 64 characters and appends {@code ...} unless {@code SLURM_BITSTR_LEN} is set; such a string is reported as
 * {@link #truncated()} and only the ids listed in full before the cut are counted (a sure lower bound, never a guess).
 *
 * @param count     task ids listed (for a truncated string: those listed in full before the cut)
 * @param throttle  the {@code %N} suffix, 0 when absent
 * @param truncated the string ended in {@code ...}
 */
public record ArrayTasks(long count, int throttle, boolean truncated) {
    public static final ArrayTasks NONE = new ArrayTasks(0, 0, false);

    /** @throws IllegalArgumentException when the text is not a task id expression */
    public static ArrayTasks parse(String s) {
        String text = s.trim();
        if (text.isEmpty()) {
            return NONE;
        }
        int throttle = 0;
        int pct = text.lastIndexOf('%');
        if (pct >= 0) {
            throttle = (int) Math.min(Integer.MAX_VALUE, number(text.substring(pct + 1), s));
            text = text.substring(0, pct);
        }
        boolean truncated = text.endsWith("...");
        if (truncated) {
            text = text.substring(0, text.length() - 3);
            int lastComma = text.lastIndexOf(',');
            // the last token may itself be cut ("7-1" of "7-19"): count only the tokens before it
            text = lastComma < 0 ? "" : text.substring(0, lastComma);
        }
        long count = 0;
        if (!text.isEmpty()) {
            for (String token : text.split(",", -1)) {
                count = Math.addExact(count, tokenCount(token, s));
            }
        }
        return new ArrayTasks(count, throttle, truncated);
    }

    private static long tokenCount(String token, String whole) {
        int dash = token.indexOf('-');
        if (dash < 0) {
            number(token, whole);
            return 1;
        }
        long first = number(token.substring(0, dash), whole);
        String rest = token.substring(dash + 1);
        long step = 1;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            step = number(rest.substring(colon + 1), whole);
            rest = rest.substring(0, colon);
        }
        long last = number(rest, whole);
        if (last < first || step < 1) {
            throw new IllegalArgumentException("bad task range \"" + token + "\" in \"" + whole + "\"");
        }
        return (last - first) / step + 1;
    }

    private static long number(String digits, String whole) {
        if (digits.isEmpty() || digits.length() > 10) {
            throw new IllegalArgumentException("bad task id \"" + digits + "\" in \"" + whole + "\"");
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad task id \"" + digits + "\" in \"" + whole + "\"");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

package io.skaler.slurm;

import io.skaler.model.Gres;

import java.util.TreeMap;

/**
 * Reads the GRES out of Slurm's TRES strings. Jobs write them two ways:
 * {@code tres_per_node}/{@code tres_per_job}/{@code tres_per_socket} as {@code gres/gpu:h100:8} (count after the last
 * colon), {@code tres_per_task} as {@code cpu=4,gres/gpu=1} or {@code gres/gpu:a100=1} (count after {@code =}).
 * Nodes write {@code gpu:h100:8(S:0-1),nic:2} and {@code gpu:h100:2(IDX:0-1)}. Non-GRES entries (cpu, mem, node,
 * license, billing) are not GRES and are left out. Malformed text gives {@link IllegalArgumentException} with the text.
 */
public final class TresSpec {
    private TresSpec() {
    }

    /** GRES of a job TRES string in either syntax; {@code ""} gives {@link Gres#NONE}. */
    public static Gres jobGres(String spec) {
        if (spec.isEmpty()) {
            return Gres.NONE;
        }
        var out = new TreeMap<String, Long>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String body;
            if (e.startsWith("gres/") || e.startsWith("gres:")) {
                body = e.substring(5);
            } else if (e.indexOf('=') >= 0 || e.indexOf('/') >= 0) {
                continue; // cpu=4, mem=1G, license/x=1: a TRES but not a GRES
            } else {
                body = e; // old bare form "gpu:8"
            }
            addEntry(out, body, spec);
        }
        return out.isEmpty() ? Gres.NONE : new Gres(out);
    }

    /** The {@code cpu=N} entry of a {@code tres_per_task} string, 0 when there is none. */
    public static int cpusPerTask(String spec) {
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.startsWith("cpu=")) {
                long n = parseCount(e.substring(4), spec);
                if (n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("cpu count out of range in \"" + spec + "\"");
                }
                return (int) n;
            }
        }
        return 0;
    }

    /** A node's {@code gres} or {@code gres_used}: {@code gpu:h100:8(S:0-1)}; {@code ""}, {@code N/A}, {@code (null)} give none. */
    public static Gres nodeGres(String spec) {
        if (spec.isEmpty() || spec.equals("N/A") || spec.equals("(null)")) {
            return Gres.NONE;
        }
        var out = new TreeMap<String, Long>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= spec.length(); i++) {
            char c = i < spec.length() ? spec.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String entry = spec.substring(start, i).trim();
                int paren = entry.indexOf('(');
                if (paren >= 0) {
                    entry = entry.substring(0, paren);
                }
                if (!entry.isEmpty()) {
                    addEntry(out, entry, spec);
                }
                start = i + 1;
            }
        }
        return out.isEmpty() ? Gres.NONE : new Gres(out);
    }

    /** {@code gpu:h100:8}, {@code gpu:8}, {@code gpu=1}, {@code gpu:a100=1}, {@code gpu} (one), {@code gpu:h100} (one). */
    private static void addEntry(TreeMap<String, Long> out, String body, String whole) {
        String name;
        long count;
        int eq = body.indexOf('=');
        if (eq >= 0) {
            name = body.substring(0, eq);
            count = parseCount(body.substring(eq + 1), whole);
        } else {
            int colon = body.lastIndexOf(':');
            if (colon >= 0 && isCount(body.substring(colon + 1))) {
                name = body.substring(0, colon);
                count = parseCount(body.substring(colon + 1), whole);
            } else {
                name = body;
                count = 1;
            }
        }
        if (name.isEmpty() || name.startsWith(":") || name.endsWith(":")) {
            throw new IllegalArgumentException("no GRES name in \"" + whole + "\"");
        }
        out.merge(name, count, Math::addExact);
    }

    private static boolean isCount(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        return first >= '0' && first <= '9';
    }

    /** Digits with an optional k/m/g multiplier (Slurm accepts {@code gres/shard:2k}). */
    private static long parseCount(String s, String whole) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("missing count in \"" + whole + "\"");
        }
        long mult = 1;
        char last = Character.toLowerCase(s.charAt(s.length() - 1));
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 12) {
            throw new IllegalArgumentException("bad count \"" + s + "\" in \"" + whole + "\"");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad count \"" + s + "\" in \"" + whole + "\"");
            }
            n = n * 10 + (c - '0');
        }
        return Math.multiplyExact(n, mult);
    }
}

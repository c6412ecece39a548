package io.skaler.api.check;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The checklist as text: one line per result, the fix indented under it, and a count by status. */
public final class CheckReport {
    private CheckReport() {
    }

    public static String render(List<CheckResult> results) {
        int width = results.stream().mapToInt(r -> r.check().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
        for (CheckResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
            sb.append(String.format("%-4s  %-" + width + "s  %s%n", r.status().label(), r.check(), r.detail()));
            if (!r.fix().isEmpty() && r.status() != CheckStatus.PASS) {
                sb.append(" ".repeat(6 + width + 2)).append("fix: ").append(r.fix()).append('\n');
            }
        }
        sb.append('\n');
        sb.append(counts.getOrDefault(CheckStatus.PASS, 0)).append(" pass, ")
                .append(counts.getOrDefault(CheckStatus.WARN, 0)).append(" warn, ")
                .append(counts.getOrDefault(CheckStatus.FAIL, 0)).append(" fail, ")
                .append(counts.getOrDefault(CheckStatus.SKIP, 0)).append(" skipped (input not given)");
        sb.append(Checks.exitStatus(results) == 0 ? ": this install can work\n" : ": fix the failures above\n");
        return sb.toString();
    }
}

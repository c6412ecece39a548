package io.skaler.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * The job ids a Slurm {@code dependency} text names, e.g. {@code afterok:3(unfulfilled),afterany:4(unfulfilled)} or
 * {@code after:3+5(unfulfilled)}: every run of digits right after a {@code :}. Only used to keep the running jobs
 * a dependency may wait for; what the dependency means is the planner's to read.
 */
final class DependencyIds {
    private DependencyIds() {
    }

    static List<Long> of(String dependency) {
        List<Long> ids = new ArrayList<>();
        int n = dependency.length();
        for (int i = 0; i < n; i++) {
            if (dependency.charAt(i) != ':') {
                continue;
            }
            int j = i + 1;
            long id = 0;
            while (j < n && j - i <= 18 && dependency.charAt(j) >= '0' && dependency.charAt(j) <= '9') {
                id = id * 10 + (dependency.charAt(j) - '0');
                j++;
            }
            if (j > i + 1) {
                ids.add(id);
            }
        }
        return ids;
    }
}

package io.skaler.api.check;

import java.util.ArrayList;
import java.util.List;

/** The checklist, in the order a user fixes things: Kubernetes objects, then Slurm, then skaler's own access. */
public final class Checks {
    public static final List<Check> ALL = List.of(
            new CrdCheck(),
            new OperatorClientCheck(),
            new ScalingModeCheck(),
            new PodMappingCheck(),
            new NodePoolLimitsCheck(),
            new DisruptionCheck(),
            new StaticCapacityCheck(),
            new FieldManagersCheck(),
            new SlurmEndpointCheck(),
            new NodeShapeCheck(),
            new RbacCheck(),
            new MetricsCheck());

    private Checks() {
    }

    /** Runs every check; a check that trips over its input says so as a failed line instead of stopping the rest. */
    public static List<CheckResult> run(List<Check> checks, CheckInput in) {
        List<CheckResult> out = new ArrayList<>();
        for (Check c : checks) {
            try {
                out.addAll(c.run(in));
            } catch (IllegalArgumentException e) {
                out.add(CheckResult.fail(c.name(), "unreadable input: " + e.getMessage(), "fix the field it names"));
            }
        }
        return out;
    }

    /** 0 when nothing failed (warnings and skips allowed), 1 when something did. */
    public static int exitStatus(List<CheckResult> results) {
        return results.stream().anyMatch(r -> r.status() == CheckStatus.FAIL) ? 1 : 0;
    }
}

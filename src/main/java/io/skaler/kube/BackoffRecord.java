package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.Backoff;
import io.skaler.model.NodeSetTarget;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the planner's provisioning backoff on the NodeSet ({@code skaler.io/backoff-until}, {@code
 * skaler.io/backoff-level}), where {@link KubeMapping} reads it back: a restarted or newly elected skaler continues the
 * backoff (and its doubling) instead of forgetting it. A backoff of level 0 removes both annotations. Written only when
 * the stored values differ.
 */
final class BackoffRecord {
    private final KubeWriter writer;
    private final ExecutorSettings settings;

    BackoffRecord(KubeWriter writer, ExecutorSettings settings) {
        this.writer = writer;
        this.settings = settings;
    }

    /** The annotations as they should be: both set, or both absent (null) when the backoff clears. */
    static Map<String, String> wanted(Backoff b) {
        Map<String, String> a = new HashMap<>();
        a.put(KubeNames.BACKOFF_UNTIL, b.clears() ? null : b.until().truncatedTo(ChronoUnit.SECONDS).toString());
        a.put(KubeNames.BACKOFF_LEVEL, b.clears() ? null : Integer.toString(b.level()));
        return a;
    }

    static boolean matches(GenericKubernetesResource nodeSet, Map<String, String> wanted) {
        Map<String, String> ann = Fields.annotations(nodeSet);
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(ann.get(e.getKey()), e.getValue()));
    }

    /** Writes {@code b} to the NodeSet unless it already carries it; one report step when something changes. */
    void record(NodeSetTarget t, Backoff b, Resource<GenericKubernetesResource> res, GenericKubernetesResource live,
            ExecutionReport.Builder report) {
        Map<String, String> wanted = wanted(b);
        if (matches(live, wanted)) {
            return;
        }
        String target = t.nodeSet().toString();
        String what = b.clears() ? "clear backoff" : "backoff level " + b.level() + " until "
                + wanted.get(KubeNames.BACKOFF_UNTIL);
        if (settings.dryRun()) {
            report.add("NodeSet", target, Outcome.WOULD_WRITE, what + ": " + b.reason());
            return;
        }
        var out = writer.write("NodeSet", "patch", target, what + ": " + b.reason(), () -> {
            GenericKubernetesResource cur = res.get();
            if (cur == null) {
                throw new KubeWriter.Refused("NodeSet disappeared");
            }
            if (KubeMapping.isTrue(Fields.annotations(cur).get(KubeNames.PAUSED))) {
                throw new KubeWriter.Refused("paused meanwhile");
            }
            if (matches(cur, wanted)) {
                return false;
            }
            String rv = cur.getMetadata().getResourceVersion();
            if (b.clears()) {
                res.patch(PatchContext.of(PatchType.JSON), Patches.removeAnnotations(rv, wanted.keySet().stream()
                        .filter(k -> Fields.annotations(cur).containsKey(k)).toList()));
            } else {
                res.patch(PatchContext.of(PatchType.JSON_MERGE), Patches.annotations(rv, wanted));
            }
            return true;
        });
        report.add("NodeSet", target, out.outcome(), what + ": " + out.detail());
    }
}

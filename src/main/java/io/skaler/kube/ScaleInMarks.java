package io.skaler.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.OperatorDeletionOrder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * skaler's scale-in marks on NodeSet pods: {@code pod-deletion-cost} (lower goes first) with
 * {@code skaler.io/scale-in-marked} beside it, so skaler's marks are told from costs others set. A mark is only right
 * while the operator is about to remove that pod, i.e. while the NodeSet has more pods than replicas. A mark left when
 * replicas were never lowered (skaler restarted or lost its lease between the two steps, the write failed, demand came
 * back) is stale: the operator would delete that pod first on the next scale-in by anyone, even if it runs jobs by then.
 * The executor keeps exactly the marks a scale-in in progress needs and clears the others, from the cluster's state
 * alone (nothing in memory), so a restarted or newly elected skaler repairs what its predecessor left.
 */
final class ScaleInMarks {
    private static final List<String> MARK_KEYS = List.of(KubeNames.POD_DELETION_COST, KubeNames.SCALE_IN_MARKED);

    private final KubernetesClient client;
    private final KubeWriter writer;
    private final ExecutorSettings settings;
    private final Clock clock;

    ScaleInMarks(KubernetesClient client, KubeWriter writer, ExecutorSettings settings, Clock clock) {
        this.client = client;
        this.writer = writer;
        this.settings = settings;
        this.clock = clock;
    }

    static boolean marked(Pod p) {
        return annotation(p, KubeNames.SCALE_IN_MARKED) != null;
    }

    /**
     * The marked pods a scale-in in progress still needs: the operator removes {@code pods - replicas} pods in its own
     * order ({@link OperatorDeletionOrder}), so the marks on those pods stay; a mark on any other pod is stale.
     *
     * @param pods the NodeSet's pods that are not terminating
     */
    static Set<String> stillNeeded(List<Pod> pods, int replicas) {
        Set<String> keep = new LinkedHashSet<>();
        victims(pods, replicas, Map.of(), false).stream().filter(p -> marked(p))
                .forEach(p -> keep.add(p.getMetadata().getName()));
        return keep;
    }

    /**
     * The pods the operator will delete at {@code replicas}, first first, once skaler's marks are as planned:
     * {@code plannedCosts} (pod name to deletion-cost) on the pods named there and, when {@code othersCleared}, no
     * skaler mark on any other pod (deletion costs set by others stay as they are).
     */
    static List<Pod> victims(List<Pod> pods, int replicas, Map<String, String> plannedCosts, boolean othersCleared) {
        Map<String, Pod> byName = new HashMap<>();
        List<OperatorDeletionOrder.Pod> ranks = pods.stream().map(p -> {
            String name = p.getMetadata().getName();
            byName.put(name, p);
            if (plannedCosts.containsKey(name)) {
                return KubeMapping.deletionRank(p, plannedCosts.get(name));
            }
            return othersCleared && marked(p) ? KubeMapping.deletionRank(p, null) : KubeMapping.deletionRank(p);
        }).toList();
        return OperatorDeletionOrder.victims(ranks, pods.size() - replicas).stream()
                .map(r -> byName.get(r.name())).toList();
    }

    /**
     * The deletion-costs skaler's chosen pods will carry, first choice lowest (base, base+1, ...); a pod already
     * marked keeps the cost it has ({@link #mark} leaves it as it is).
     */
    Map<String, String> plannedCosts(List<Pod> chosen) {
        Map<String, String> costs = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            Pod p = chosen.get(i);
            String existing = marked(p) ? annotation(p, KubeNames.POD_DELETION_COST) : null;
            costs.put(p.getMetadata().getName(), existing != null ? existing
                    : Integer.toString(settings.deletionCostBase() + i));
        }
        return costs;
    }

    /**
     * Marks these pods with their cost from {@code costs}. A pod that already carries skaler's mark keeps it as it is:
     * every marked pod goes, so only the set matters, not the order within it. Each pod is re-read before its write
     * (the cache may lag). False when any mark could not be written.
     */
    boolean mark(List<Pod> pods, Map<String, String> costs, String nodeSetTarget, ExecutionReport.Builder report) {
        boolean allOk = true;
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod pod : pods) {
            String cost = costs.get(pod.getMetadata().getName());
            String podTarget = target(pod);
            if (settings.dryRun()) {
                report.add("Pod", podTarget, marked(pod) ? Outcome.UNCHANGED : Outcome.WOULD_WRITE,
                        "deletion-cost " + cost);
                continue;
            }
            Map<String, String> patch = new HashMap<>();
            patch.put(KubeNames.POD_DELETION_COST, cost);
            patch.put(KubeNames.SCALE_IN_MARKED, now);
            var out = patch(pod, "deletion-cost " + cost + " for " + nodeSetTarget, patch,
                    cur -> marked(cur) && annotation(cur, KubeNames.POD_DELETION_COST) != null);
            report.add("Pod", podTarget, out.outcome(), out.outcome() == Outcome.UNCHANGED
                    ? "already marked for removal" : "deletion-cost " + cost + ": " + out.detail());
            allOk &= out.ok();
        }
        return allOk;
    }

    /**
     * Clears skaler's mark from every pod of {@code pods} that carries one and is not in {@code keep}. False when any
     * clear failed.
     */
    boolean clearExcept(List<Pod> pods, Set<String> keep, String nodeSetTarget, String why,
            ExecutionReport.Builder report) {
        return clear(pods.stream().filter(p -> marked(p) && !keep.contains(p.getMetadata().getName())).toList(),
                nodeSetTarget, why, report);
    }

    /**
     * Clears skaler's mark from these pods. Each pod is re-read before its write: one without the mark (already
     * cleared, or never written) is not written. False when any clear failed.
     */
    boolean clear(List<Pod> pods, String nodeSetTarget, String why, ExecutionReport.Builder report) {
        boolean allOk = true;
        for (Pod pod : pods) {
            String podTarget = target(pod);
            if (settings.dryRun()) {
                report.add("Pod", podTarget, Outcome.WOULD_WRITE, "clear deletion-cost: " + why);
                continue;
            }
            var podRes = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName());
            var out = writer.write("Pod", "patch", podTarget, "clear deletion-cost (" + nodeSetTarget + "): " + why,
                    () -> {
                        Pod cur = podRes.get();
                        if (cur == null || cur.getMetadata().getDeletionTimestamp() != null || !marked(cur)) {
                            return false; // gone, going, or already clear: nothing to undo
                        }
                        List<String> present = MARK_KEYS.stream().filter(k -> annotation(cur, k) != null).toList();
                        podRes.patch(PatchContext.of(PatchType.JSON), Patches.removeAnnotations(
                                cur.getMetadata().getResourceVersion(), present));
                        return true;
                    });
            if (out.outcome() != Outcome.UNCHANGED) {
                report.add("Pod", podTarget, out.outcome(), "clear deletion-cost: " + why + ": "
                        + out.detail());
            }
            allOk &= out.ok();
        }
        return allOk;
    }

    private KubeWriter.Done patch(Pod pod, String why, Map<String, String> annotations, Predicate<Pod> done) {
        var podRes = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
        return writer.write("Pod", "patch", target(pod), why, () -> {
            Pod cur = podRes.get();
            if (cur == null || cur.getMetadata().getDeletionTimestamp() != null) {
                throw new KubeWriter.Refused("pod is gone or terminating");
            }
            if (done.test(cur)) {
                return false;
            }
            podRes.patch(PatchContext.of(PatchType.JSON_MERGE),
                    Patches.annotations(cur.getMetadata().getResourceVersion(), annotations));
            return true;
        });
    }

    private static String target(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    static String annotation(Pod p, String key) {
        var a = p.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }
}

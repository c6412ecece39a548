package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodePoolTarget;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Applies one {@link NodePoolTarget}. {@code LIMITS}: sets the named {@code spec.limits}, never below what the pool
 * uses ({@code status.resources}). {@code STATIC}: sets {@code spec.replicas} of a pool that already is static
 * (Karpenter forbids turning a dynamic pool static), never below the nodes that host busy slurmd pods; a refusal
 * (precondition, 422, or the field pruned by a CRD without it) is an error and an Event, and nothing else is written.
 * {@code NONE}: untouched. Called twice per plan: growth before the NodeSets scale, shrinkage after.
 */
final class NodePoolActuator {
    enum Direction { GROW, SHRINK }

    private final KubernetesClient client;
    private final KubeView view;
    private final KubeWriter writer;
    private final KubeEvents events;
    private final KubeMetrics metrics;
    private final ExecutorSettings settings;
    private final java.time.Clock clock;

    NodePoolActuator(KubernetesClient client, KubeView view, KubeWriter writer, KubeEvents events,
            KubeMetrics metrics, ExecutorSettings settings, java.time.Clock clock) {
        this.clock = clock;
        this.client = client;
        this.view = view;
        this.writer = writer;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
    }

    void apply(NodePoolTarget t, Direction direction, ExecutionContext ctx, ExecutionReport.Builder report) {
        if (t.mode() == NodePoolTarget.Mode.NONE) {
            if (direction == Direction.GROW) {
                report.add("NodePool", t.name(), Outcome.UNCHANGED, "mode none: left alone");
            }
            return;
        }
        Resource<GenericKubernetesResource> res = client.genericKubernetesResources(KubeResources.NODEPOOLS)
                .withName(t.name());
        GenericKubernetesResource live = res.get();
        if (live == null) {
            if (direction == Direction.GROW) {
                report.add("NodePool", t.name(), Outcome.FAILED, "NodePool not found in Kubernetes"
                        + (view.missingResources().stream().anyMatch(r -> r.startsWith("nodepools."))
                        ? " (its CRD is not installed)" : "") + ": nothing written");
            }
            return;
        }
        boolean paused = KubeMapping.isTrue(Fields.annotations(live).get(KubeNames.PAUSED));
        metrics.paused("NodePool", t.name(), paused);
        if (paused) {
            if (direction == Direction.GROW) {
                report.add("NodePool", t.name(), Outcome.PAUSED, KubeNames.PAUSED + "=true: left alone");
                events.normal(live, "SkalerPaused", KubeNames.PAUSED + "=true: skaler leaves this NodePool alone");
            }
            return;
        }
        if (t.mode() == NodePoolTarget.Mode.LIMITS) {
            limits(t, direction, res, live, report);
        } else {
            staticReplicas(t, direction, ctx, res, live, report);
        }
    }

    private void limits(NodePoolTarget t, Direction direction, Resource<GenericKubernetesResource> res,
            GenericKubernetesResource live, ExecutionReport.Builder report) {
        boolean isStatic = Fields.at(live, "spec", "replicas") != null;
        if (isStatic && t.limits().keySet().stream().anyMatch(k -> !k.equals("nodes"))) {
            if (direction == Direction.GROW) {
                refuse(live, t.name(), "LimitsRefused", "static NodePool accepts only limits.nodes; plan asked for " + t.limits().keySet(),
                        report);
            }
            return;
        }
        Map<String, String> change = limitChanges(t, direction, live);
        String why = reasons(t);
        if (change.isEmpty()) {
            if (direction == Direction.GROW && limitChanges(t, Direction.SHRINK, live).isEmpty()) {
                report.add("NodePool", t.name(), Outcome.UNCHANGED, "limits already as wanted");
            }
            return;
        }
        String what = (direction == Direction.GROW ? "raise" : "lower") + " spec.limits " + change;
        if (settings.dryRun()) {
            report.add("NodePool", t.name(), Outcome.WOULD_WRITE, what + ": " + why);
            return;
        }
        var out = writer.write("NodePool", "patch", t.name(), what + ": " + why, () -> {
            GenericKubernetesResource cur = res.get();
            if (cur == null) {
                throw new KubeWriter.Refused("NodePool disappeared");
            }
            Map<String, String> now = limitChanges(t, direction, cur);
            if (now.isEmpty()) {
                return false;
            }
            res.patch(PatchContext.of(PatchType.JSON_MERGE),
                    Patches.specField(cur.getMetadata().getResourceVersion(), "limits", now));
            return true;
        });
        report.add("NodePool", t.name(), out.outcome(), what + ": " + out.detail());
        if (out.outcome() == Outcome.WRITTEN) {
            events.normal(live, direction == Direction.GROW ? "LimitsRaised" : "LimitsLowered", what + ": " + why);
        }
    }

    /** Limits to write in this direction: each wanted amount, floored at usage, when it differs from the current. */
    static Map<String, String> limitChanges(NodePoolTarget t, Direction direction, GenericKubernetesResource pool) {
        Map<String, BigDecimal> current = Quantities.parseAll("spec.limits", Fields.at(pool, "spec", "limits"));
        Map<String, BigDecimal> usage = Quantities.parseAll("status.resources", Fields.at(pool, "status", "resources"));
        Map<String, String> out = new TreeMap<>();
        t.limits().forEach((resource, wanted) -> {
            BigDecimal floor = usage.getOrDefault(resource, BigDecimal.ZERO);
            BigDecimal target = wanted.max(floor);
            BigDecimal now = current.get(resource);
            int cmp = now == null ? 1 : target.compareTo(now);
            if ((direction == Direction.GROW && cmp > 0) || (direction == Direction.SHRINK && cmp < 0)) {
                out.put(resource, Quantities.format(target));
            }
        });
        return out;
    }

    private void staticReplicas(NodePoolTarget t, Direction direction, ExecutionContext ctx,
            Resource<GenericKubernetesResource> res, GenericKubernetesResource live, ExecutionReport.Builder report) {
        if (t.replicas().isEmpty()) {
            if (direction == Direction.GROW) {
                refuse(live, t.name(), "StaticReplicasRefused", "mode static without replicas in the plan", report);
            }
            return;
        }
        if (Fields.at(live, "spec", "replicas") == null) {
            if (direction == Direction.GROW) {
                refuse(live, t.name(), "StaticReplicasRefused", "NodePool has no spec.replicas: it is dynamic, and Karpenter forbids switching"
                        + " a pool to static (needs Karpenter >= 1.8 with the StaticCapacity gate and a pool created"
                        + " with spec.replicas)", report);
            }
            return;
        }
        long current = Fields.longAt(live, "spec", "replicas").orElse(0L);
        long floor = nodesWithBusySlurmPods(t.name(), ctx);
        long wanted = Math.max(t.replicas().getAsLong(), floor);
        if (wanted == current || (direction == Direction.GROW) != (wanted > current)) {
            if (direction == Direction.GROW && wanted == current) {
                report.add("NodePool", t.name(), Outcome.UNCHANGED, "spec.replicas already " + current);
            }
            return;
        }
        String what = "set spec.replicas " + current + " -> " + wanted
                + (wanted > t.replicas().getAsLong() ? " (" + floor + " node(s) host busy slurmd pods)" : "");
        String why = reasons(t);
        if (settings.dryRun()) {
            report.add("NodePool", t.name(), Outcome.WOULD_WRITE, what + ": " + why);
            return;
        }
        var out = writer.write("NodePool", "patch", t.name(), what + ": " + why, () -> {
            GenericKubernetesResource cur = res.get();
            if (cur == null || Fields.at(cur, "spec", "replicas") == null) {
                throw new KubeWriter.Refused("NodePool disappeared or is no longer static");
            }
            if (Fields.longAt(cur, "spec", "replicas").orElse(0L) == wanted) {
                return false;
            }
            // with when replicas were set, for the check that Karpenter's NodeClaims follow them (StaticCapacity)
            GenericKubernetesResource written = res.patch(PatchContext.of(PatchType.JSON_MERGE), Patches.json(Map.of(
                    "metadata", Map.of("resourceVersion", cur.getMetadata().getResourceVersion(), "annotations",
                            Map.of(KubeNames.REPLICAS_SET_AT, clock.instant().toString())),
                    "spec", Map.of("replicas", wanted))));
            long stored = written == null ? -1 : Fields.longAt(written, "spec", "replicas").orElse(-1L);
            if (stored != wanted) {
                // A CRD without spec.replicas prunes the field silently: nothing was changed.
                throw new KubeWriter.Refused("the API server dropped spec.replicas (NodePool CRD without static"
                        + " capacity?)");
            }
            return true;
        });
        report.add("NodePool", t.name(), out.outcome(), what + ": " + out.detail());
        if (out.outcome() == Outcome.WRITTEN) {
            events.normal(live, "StaticReplicasSet", what + ": " + why);
        } else if (out.outcome() == Outcome.REFUSED) {
            events.warning(live, "StaticReplicasRefused", what + " refused: " + out.detail());
        }
    }

    /** Nodes of this pool that host a slurmd pod running jobs: a static pool never shrinks below them. */
    private long nodesWithBusySlurmPods(String pool, ExecutionContext ctx) {
        Set<String> poolNodes = view.nodes().stream()
                .filter(n -> n.getMetadata().getLabels() != null
                        && pool.equals(n.getMetadata().getLabels().get(KubeNames.NODEPOOL_LABEL)))
                .map(Node::getMetadata).map(m -> m.getName()).collect(Collectors.toSet());
        return view.allPods().stream()
                .filter(p -> p.getSpec() != null && poolNodes.contains(p.getSpec().getNodeName()))
                .filter(p -> ctx.busySlurmNodes().contains(KubeMapping.slurmNodeName(p))
                        || KubeMapping.busyBySlurmCondition(p))
                .map(Pod::getSpec).map(s -> s.getNodeName()).distinct().count();
    }

    private void refuse(GenericKubernetesResource live, String name, String reason, String why,
            ExecutionReport.Builder report) {
        metrics.write("NodePool", "patch", "refused");
        report.add("NodePool", name, Outcome.REFUSED, why + "; nothing written");
        events.warning(live, reason, why);
    }

    private static String reasons(NodePoolTarget t) {
        return t.reasons().isEmpty() ? "plan (no reason given)" : String.join("; ", t.reasons());
    }
}

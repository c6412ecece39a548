package io.skaler.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.Plan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies a {@link Plan} to Kubernetes and decides nothing itself: the planner chose the numbers and the pods; this
 * only writes them, with the safety checks that need live state (paused, operator able to drain, busy pods, values
 * that moved since the plan). Only the leader writes, and only from a fresh view. Pools grow before the NodeSets scale
 * and shrink after them, so Karpenter may launch what new pods need and never removes nodes the pods still use.
 * Nothing escapes: every failure becomes a step of the {@link ExecutionReport}.
 */
public final class PlanExecutor {
    private static final Logger LOG = Logger.getLogger(PlanExecutor.class);

    private final KubeView view;
    private final Leadership leadership;
    private final ExecutorSettings settings;
    private final KubeMetrics metrics;
    private final KubeEvents events;
    private final NodeSetActuator nodeSets;
    private final NodePoolActuator nodePools;
    private final ForeignWriteWatch foreignWrites;
    /** This executor or its dry-run twin, whichever applied the last plan. */
    private volatile PlanExecutor lastRun = this;
    /** Serves calls that ask for dry-run when this executor writes: same view and meters, no writes. */
    private final PlanExecutor dryRunTwin;
    private final Clock clock;

    public PlanExecutor(KubernetesClient client, KubeView view, Leadership leadership, ExecutorSettings settings,
            KubeMetrics metrics, Clock clock, Sleeper sleeper) {
        this(client, view, leadership, settings, metrics, clock, sleeper, true);
    }

    private PlanExecutor(KubernetesClient client, KubeView view, Leadership leadership, ExecutorSettings settings,
            KubeMetrics metrics, Clock clock, Sleeper sleeper, boolean withTwin) {
        this.dryRunTwin = withTwin && !settings.dryRun()
                ? new PlanExecutor(client, view, leadership, settings.withDryRun(true), metrics, clock, sleeper, false)
                : null;
        this.view = view;
        this.clock = clock;
        this.leadership = leadership;
        this.settings = settings;
        this.metrics = metrics;
        TokenBucket bucket = new TokenBucket(settings.writesPerSecond(), settings.burst(), System::nanoTime, sleeper);
        KubeWriter writer = new KubeWriter(settings, bucket, sleeper, metrics, leadership);
        this.events = new KubeEvents(client, settings, bucket, metrics, clock);
        this.nodeSets = new NodeSetActuator(client, view, writer, events, metrics, settings, clock);
        this.nodePools = new NodePoolActuator(client, view, writer, events, metrics, settings, clock);
        this.foreignWrites = new ForeignWriteWatch(view, FieldOwnership.managerOf(client), events, metrics, clock);
    }

    public ExecutionReport apply(Plan plan, ExecutionContext ctx) {
        if (ctx.dryRun() && dryRunTwin != null) {
            lastRun = dryRunTwin;
            return dryRunTwin.apply(plan, ctx);
        }
        lastRun = this;
        var report = new ExecutionReport.Builder(plan.at(), settings.dryRun());
        metrics.resourcesPresent(view.resourcesPresent());
        if (!leadership.isLeader()) {
            skipAll(plan, report, Outcome.NOT_LEADER, "not the leader: a follower writes nothing");
            return report.build();
        }
        var stale = view.staleReason();
        if (stale.isPresent()) {
            skipAll(plan, report, Outcome.STALE, "kubernetes view is stale (" + stale.get() + "): no action");
            return report.build();
        }
        for (String missing : view.missingResources()) {
            report.add("CustomResourceDefinition", missing, Outcome.WARNING, "not installed: skaler sees none of "
                    + "these and writes none; install its CRD (or leave it out of the policy)");
        }
        // writes are rate-limited, so a plan touching hundreds of NodeSets could outlast its cycle and be applied
        // on an ever older view: past the budget, targets not yet begun wait for the next cycle's fresh plan
        // a target costs up to three rate-limited writes (annotation, /scale, Event): begin one only if they fit
        long reserve = (long) (3e9 / settings.writesPerSecond());
        long deadline = System.nanoTime() + ctx.timeLeft().map(d -> d.toNanos() - reserve).orElse(Long.MAX_VALUE / 4);
        guard(report, "consolidation check", () -> warnConsolidation(plan, report));
        guard(report, "field ownership check", () -> foreignWrites.check(plan, report));
        for (NodePoolTarget p : plan.nodePools()) {
            if (!overBudget(deadline, "NodePool", p.name(), report)) {
                guard(report, "NodePool " + p.name(), () -> nodePools.apply(p, NodePoolActuator.Direction.GROW, ctx,
                        report));
            }
        }
        for (NodeSetTarget t : plan.targets()) {
            if (!unseen(t, report) && !overBudget(deadline, "NodeSet", t.nodeSet().toString(), report)) {
                guard(report, "NodeSet " + t.nodeSet(), () -> nodeSets.apply(t, ctx, report));
            }
        }
        for (NodePoolTarget p : plan.nodePools()) {
            if (!overBudget(deadline, "NodePool", p.name(), report)) {
                guard(report, "NodePool " + p.name(), () -> nodePools.apply(p, NodePoolActuator.Direction.SHRINK, ctx,
                        report));
            }
        }
        ExecutionReport done = report.build();
        foreignWrites.recordWrites(done);
        LOG.infof("plan of %s applied%s: %d written, %d held, %d refused, %d failed, %d deferred", plan.at(),
                settings.dryRun() ? " (dry-run)" : "", done.count(Outcome.WRITTEN), done.count(Outcome.HELD),
                done.count(Outcome.REFUSED), done.count(Outcome.FAILED), done.count(Outcome.DEFERRED));
        return done;
    }

    /** Writes by other field managers to the fields skaler sets, found in the last leader cycle (dry-run included). */
    public List<ForeignWrite> foreignWrites() {
        return lastRun.foreignWrites.current();
    }

    /**
     * True (and a HELD step) when the view cannot see the NodeSet's namespace, or the NodeSet's name is used in more
     * than one watched namespace (its pods and Controller are looked up by name alone): nothing is read or written
     * for it, so a namespace skaler may not read is never mistaken for a NodeSet that is gone.
     */
    private boolean unseen(NodeSetTarget t, ExecutionReport.Builder report) {
        var gap = view.coverage().gap(t.nodeSet().namespace());
        if (gap.isPresent()) {
            report.add("NodeSet", t.nodeSet().toString(), Outcome.HELD, gap.get() + ": not acted on");
            return true;
        }
        var namespaces = view.namespacesNaming(t.nodeSet().name());
        if (namespaces.size() > 1) {
            report.add("NodeSet", t.nodeSet().toString(), Outcome.HELD, "a NodeSet named " + t.nodeSet().name()
                    + " exists in namespaces " + namespaces + ": skaler cannot yet tell their pods apart, not acted on");
            return true;
        }
        return false;
    }

    /** Pools backing managed NodeSets: those the plan names, and those whose nodes host the NodeSets' pods. */
    private void warnConsolidation(Plan plan, ExecutionReport.Builder report) {
        Set<String> pools = new TreeSet<>();
        plan.nodePools().forEach(p -> pools.add(p.name()));
        Map<String, String> poolOfNode = view.nodes().stream()
                .filter(n -> n.getMetadata().getLabels() != null
                        && n.getMetadata().getLabels().containsKey(KubeNames.NODEPOOL_LABEL))
                .collect(Collectors.toMap(n -> n.getMetadata().getName(),
                        n -> n.getMetadata().getLabels().get(KubeNames.NODEPOOL_LABEL), (a, b) -> a));
        for (NodeSetTarget t : plan.targets()) {
            for (Pod p : view.podsOf(t.nodeSet().namespace(), t.nodeSet().name())) {
                String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                if (node != null && poolOfNode.containsKey(node)) {
                    pools.add(poolOfNode.get(node));
                }
            }
        }
        for (String name : pools) {
            var live = view.nodePool(name);
            if (live.isEmpty()) {
                continue;
            }
            var risk = ConsolidationRisk.assess(KubeMapping.nodePool(live.get()));
            metrics.consolidationRisk(name, risk.isPresent());
            if (risk.isPresent()) {
                report.add("NodePool", name, Outcome.WARNING, risk.get());
                events.warning(live.get(), "ConsolidationRisk", risk.get());
                LOG.warn(risk.get());
            }
            checkPool(live.get(), report);
        }
    }

    /** Karpenter would not do what skaler counts on with this pool: say so (report, Event, metric). */
    private void checkPool(GenericKubernetesResource pool, ExecutionReport.Builder report) {
        String name = pool.getMetadata().getName();
        var nodesOfPool = view.nodes().stream().filter(n -> n.getMetadata().getLabels() != null
                && name.equals(n.getMetadata().getLabels().get(KubeNames.NODEPOOL_LABEL))).toList();
        var claims = view.nodeClaims().stream().filter(c -> name.equals(KarpenterMapping.poolOf(c))).toList();
        Instant since = Fields.instant(KubeNames.REPLICAS_SET_AT, Fields.annotations(pool)
                .get(KubeNames.REPLICAS_SET_AT)).orElseGet(() -> {
                    String created = pool.getMetadata().getCreationTimestamp();
                    return created == null || created.isBlank() ? clock.instant() : Instant.parse(created);
                });
        Map<String, java.math.BigDecimal> machine = new java.util.TreeMap<>();
        claims.forEach(c -> Quantities.parseAll("status.capacity", Fields.at(c, "status", "capacity"))
                .forEach((r, v) -> machine.merge(r, v, java.math.BigDecimal::max)));
        var found = Map.of(
                KarpenterChecks.Problem.NODES_NEVER_REMOVED, KarpenterChecks.nodesNeverRemoved(pool, nodesOfPool),
                KarpenterChecks.Problem.STATIC_NOT_FOLLOWED,
                KarpenterChecks.staticNotFollowed(pool, claims, since, clock.instant()),
                KarpenterChecks.Problem.LIMITS_BELOW_MACHINE, KarpenterChecks.limitsBelowMachine(name,
                        Quantities.parseAll("spec.limits", Fields.at(pool, "spec", "limits")), machine));
        found.forEach((problem, sentence) -> {
            metrics.nodePoolProblem(name, problem, sentence.isPresent());
            sentence.ifPresent(s -> {
                report.add("NodePool", name, Outcome.WARNING, s);
                events.warning(pool, problemReason(problem), s);
                LOG.warn(s);
            });
        });
    }

    private static String problemReason(KarpenterChecks.Problem p) {
        return switch (p) {
            case NODES_NEVER_REMOVED -> "NodesNeverRemoved";
            case STATIC_NOT_FOLLOWED -> "StaticCapacityNotFollowed";
            case LIMITS_BELOW_MACHINE -> "LimitsBelowMachine";
        };
    }

    private static boolean overBudget(long deadline, String kind, String target, ExecutionReport.Builder report) {
        if (System.nanoTime() - deadline < 0) {
            return false;
        }
        report.add(kind, target, Outcome.DEFERRED, "cycle budget spent: left for the next cycle");
        return true;
    }

    private void guard(ExecutionReport.Builder report, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying %s failed", what);
            report.add(what.split(" ")[0], what.substring(what.indexOf(' ') + 1), Outcome.FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void skipAll(Plan plan, ExecutionReport.Builder report, Outcome outcome, String why) {
        plan.targets().forEach(t -> report.add("NodeSet", t.nodeSet().toString(), outcome, why));
        plan.nodePools().forEach(p -> report.add("NodePool", p.name(), outcome, why));
        LOG.infof("plan of %s not applied: %s", plan.at(), why);
    }
}

package io.skaler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skaler.metrics.Labels.Action;
import io.skaler.metrics.Labels.CycleResult;
import io.skaler.metrics.Labels.HoldReason;
import io.skaler.metrics.Labels.KubeKind;
import io.skaler.metrics.Labels.KubeVerb;
import io.skaler.metrics.Labels.PausedKind;
import io.skaler.metrics.Labels.Phase;
import io.skaler.metrics.Labels.Reason;
import io.skaler.metrics.Labels.ReloadResult;
import io.skaler.metrics.Labels.RetryReason;
import io.skaler.metrics.Labels.SlurmEndpoint;
import io.skaler.metrics.Labels.Source;
import io.skaler.metrics.Labels.TransportFailure;
import io.skaler.metrics.Labels.WriteResult;
import io.skaler.model.ObjectRef;
import io.skaler.model.PartitionDemand;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Every metric skaler exports (Prometheus names in {@code docs/metrics.md}), recorded through this one entry point;
 * demand per partition lives in {@link DemandMetrics}, capacity per NodeSet in {@link NodeSetMetrics}. Labels are either
 * closed enums ({@link Labels}) or object names bounded by the policy and the cluster, never a job id or a pod name, so the series
 * count is O(partitions x NodeSets). Gauges describe the last cycle; callers {@code retain...} the objects still
 * managed so series of removed objects go away. Thread-safe.
 */
public final class SkalerMetrics {
    static final Duration[] PHASE_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};

    /** Meters live in a registry, so their owner is per registry too: kube and slurm code record through it. */
    private static final Map<MeterRegistry, SkalerMetrics> BY_REGISTRY = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final BoundedLabel partition = new BoundedLabel("partition", 1_000);
    private final BoundedLabel nodeSet = new BoundedLabel("nodeset", 5_000);
    private final BoundedLabel namespace = new BoundedLabel("namespace", 1_000);
    private final BoundedLabel nodePool = new BoundedLabel("nodepool", 1_000);
    private final BoundedLabel gres = new BoundedLabel("gres", 64);
    private final BoundedLabel apiVersion = new BoundedLabel("version", 16);

    private final DemandMetrics demand;
    private final NodeSetMetrics nodeSets;
    private final AnticipationMetrics anticipation;
    private final GaugeFamily lastSuccess;
    private final GaugeFamily slurmApiVersion;
    private final GaugeFamily sourceStale;
    private final GaugeFamily policyValid;
    private final GaugeFamily policyInfo;
    private final GaugeFamily leader;
    private final GaugeFamily consolidationRisk;
    private final GaugeFamily paused;
    private final GaugeFamily nodePoolProblem;
    private final GaugeFamily kubeResourceMissing;
    private final GaugeFamily namespaceUnseen;
    private final GaugeFamily slurmJobsListed;
    private final GaugeFamily slurmJobsUnread;
    private final GaugeFamily slurmJobsIncremental;
    private final GaugeFamily slurmReadSeconds;

    public SkalerMetrics(MeterRegistry registry) {
        this.registry = registry;
        demand = new DemandMetrics(registry, partition, gres);
        nodeSets = new NodeSetMetrics(registry, partition, nodeSet, namespace, gres);
        anticipation = new AnticipationMetrics(registry, nodeSet, namespace);
        slurmJobsListed = gauge("skaler.slurm.jobs.listed",
                "Jobs and array tasks Slurm listed at the last count (jobs/state)");
        slurmJobsUnread = gauge("skaler.slurm.jobs.unread",
                "Pending jobs listed but not read yet (incremental reading): scale-in is held while above 0");
        slurmJobsIncremental = gauge("skaler.slurm.jobs.incremental",
                "1 while the job list is read incrementally (more jobs than skaler.slurm.jobs.incremental-above)");
        slurmReadSeconds = gauge("skaler.slurm.read.seconds", "Duration of the last Slurm read (jobs, nodes, partitions)");
        lastSuccess = gauge("skaler.last.successful.cycle.timestamp.seconds",
                "Unix time of the last cycle that completed on a fresh, complete view (process start until then)");
        slurmApiVersion = gauge("skaler.slurmrestd.api.version", "1 for the slurmrestd API version in use", "version");
        sourceStale = gauge("skaler.source.stale", "1 while a source's view is stale or not yet synced", "source");
        policyValid = gauge("skaler.policy.valid",
                "1 when the last policy read was accepted; 0 when rejected (the last good one stays in force)");
        policyInfo = gauge("skaler.policy.info", "1 for the version of the policy in force", "version");
        leader = gauge("skaler.leader", "1 on the replica holding the leader lease (the only one that writes)");
        consolidationRisk = gauge("skaler.nodepool.consolidation.risk",
                "1 when Karpenter may consolidate busy slurmd pods away on this NodePool", "nodepool");
        nodePoolProblem = gauge("skaler.nodepool.problem", "1 while a NodePool has this problem with Karpenter"
                + " (nodes_never_removed, static_not_followed, limits_below_machine)", "nodepool", "problem");
        paused = gauge("skaler.paused", "1 for each object skaler leaves alone (skaler.io/paused)", "kind", "name");
        kubeResourceMissing = gauge("skaler.kube.resource.missing",
                "1 while the API server does not serve a resource skaler watches (its CRD is not installed)",
                "resource");
        namespaceUnseen = gauge("skaler.namespace.unseen",
                "1 for each namespace the policy names that skaler cannot see (not watched, or RBAC refuses it)",
                "namespace");

        for (CycleResult r : CycleResult.values()) {
            cycles(r);
        }
        for (Source s : Source.values()) {
            sourceStale.set(1, s.label()); // nothing is synced until the first successful read says so
        }
        leader.set(0);
        lastSuccess.set(registry.config().clock().wallTime() / 1000.0);
    }

    /**
     * The one instance for {@code registry}, made on first use. Every producer (loop, kube, slurm) records through
     * it, so each metric has a single definition and gauges of one name are never registered twice.
     */
    public static SkalerMetrics on(MeterRegistry registry) {
        synchronized (BY_REGISTRY) {
            return BY_REGISTRY.computeIfAbsent(registry, SkalerMetrics::new);
        }
    }

    // ---- demand per partition

    public void partitionDemand(PartitionDemand demand) {
        partitionDemand(demand.name(), demand.eligibleJobs(), demand.pendingGres(), demand.nodesNeeded());
    }

    public void partitionDemand(String partitionName, int jobs, Map<String, Long> gresAsked, int nodes) {
        demand.partitionDemand(partitionName, jobs, gresAsked, nodes);
    }

    /** Replaces the whole breakdown: a reason absent from {@code countByReason} no longer has excluded jobs. */
    public void excludedJobs(Map<String, Long> countByReason) {
        demand.excludedJobs(countByReason);
    }

    /** Drops the series of partitions no longer managed. */
    public void retainPartitions(Collection<String> managed) {
        Set<String> keep = new HashSet<>();
        managed.forEach(p -> keep.add(BoundedLabel.clean(p)));
        demand.retain(keep);
        nodeSets.retainPartitions(keep);
    }

    // ---- NodeSets

    public void nodeSetReplicas(ObjectRef ref, String partitionName, int desired, int current, int ready) {
        nodeSets.replicas(ref, partitionName, desired, current, ready);
    }

    /** Nodes asked for and not yet registered, and the age of the oldest (0 when none). */
    public void nodeSetInflight(ObjectRef ref, int nodes, Duration oldest) {
        nodeSets.inflight(ref, nodes, oldest);
    }

    /** Capacity asked for that did not arrive (provisioning timeout, insufficient capacity). */
    public void capacityFailure(ObjectRef ref) {
        nodeSets.capacityFailure(ref);
    }

    public void nodeSetAtMax(ObjectRef ref, boolean isAtMax) {
        nodeSets.atMax(ref, isAtMax);
    }

    /** Replaces the unserved GRES of one NodeSet. */
    public void unservedGres(ObjectRef ref, Map<String, Long> unserved) {
        nodeSets.unservedGres(ref, unserved);
    }

    /** Nodes counted this cycle for jobs not yet eligible; also integrates the node-minutes they waited. */
    public void anticipatedNodes(ObjectRef ref, int nodes, Instant at) {
        anticipation.anticipated(ref, nodes, at);
    }

    /** Drops the gauges of NodeSets no longer managed (counters stay: Prometheus handles their disappearance). */
    public void retainNodeSets(Collection<ObjectRef> managed) {
        nodeSets.retain(managed);
        anticipation.retain(managed);
    }

    // ---- the cycle

    public void cyclePhase(Phase phase, Duration took) {
        Timer.builder("skaler.cycle.phase")
                .description("Time spent in each phase of a cycle")
                .tags("phase", phase.label())
                .serviceLevelObjectives(PHASE_BUCKETS)
                .register(registry).record(took);
    }

    /** Counts a finished cycle; an {@code OK} one also moves the last-success timestamp to {@code finishedAt}. */
    public void cycle(CycleResult result, Instant finishedAt) {
        cycles(result).increment();
        if (result == CycleResult.OK) {
            lastSuccess.set(finishedAt.toEpochMilli() / 1000.0);
        }
    }

    private Counter cycles(CycleResult result) {
        return Counter.builder("skaler.cycles").description("Cycles by result")
                .tags("result", result.label()).register(registry);
    }

    // ---- sources

    public void slurmRequest(SlurmEndpoint endpoint, String version, int httpStatus) {
        slurmRequests(endpoint, version, httpStatus >= 100 && httpStatus <= 599 ? Integer.toString(httpStatus) : "invalid");
    }

    public void slurmRequestFailed(SlurmEndpoint endpoint, String version, TransportFailure failure) {
        slurmRequests(endpoint, version, failure.label());
    }

    /** Bytes of one answer body from slurmrestd, by endpoint: what skaler's reads cost slurmrestd to build and send. */
    public void slurmResponseBytes(SlurmEndpoint endpoint, long bytes) {
        Counter.builder("skaler.slurmrestd.response.bytes").description("Bytes of slurmrestd answer bodies by endpoint")
                .baseUnit("bytes").tags("endpoint", endpoint.label()).register(registry).increment(bytes);
    }

    private void slurmRequests(SlurmEndpoint endpoint, String version, String status) {
        Counter.builder("skaler.slurmrestd.requests").description("slurmrestd requests by endpoint, version and status")
                .tags("endpoint", endpoint.label(), "version", apiVersion.value(version), "status", status)
                .register(registry).increment();
    }

    /** The API version negotiated with slurmrestd; the previous one's series goes away. */
    public void slurmApiVersion(String version) {
        String v = apiVersion.value(version);
        slurmApiVersion.removeIf(values -> !values.get(0).equals(v));
        slurmApiVersion.set(1, v);
    }

    /** A cross-check of skaler's reading of the queue against Slurm's own OpenMetrics; replaces every partition. */
    public void slurmMetricsDisagreement(Map<String, Long> differenceByPartition) {
        demand.slurmMetricsDisagreement(differenceByPartition);
    }

    /** How the last Slurm read went: jobs listed, pending jobs not read yet, incremental or whole, its duration. */
    public void slurmJobsRead(int listed, int unread, boolean incremental, double readSeconds) {
        slurmJobsListed.set(Math.max(0, listed));
        slurmJobsUnread.set(unread);
        slurmJobsIncremental.set(incremental ? 1 : 0);
        slurmReadSeconds.set(readSeconds);
    }

    public void sourceStale(Source source, boolean stale) {
        sourceStale.set(stale ? 1 : 0, source.label());
    }

    // ---- decisions and scale-in holds

    public void decision(Action action, Reason reason) {
        Counter.builder("skaler.decisions").description("Decisions by action and reason")
                .tags("action", action.label(), "reason", reason.label())
                .register(registry).increment();
    }

    public void scaleInHeld(ObjectRef ref, HoldReason reason, Duration heldFor) {
        nodeSets.scaleInHeld(ref, reason, heldFor);
    }

    public void scaleInReleased(ObjectRef ref) {
        nodeSets.scaleInReleased(ref);
    }

    /** A series with value 1 while skaler refuses to manage the NodeSet for {@code reason}; empty removes it. */
    public void nodeSetUnmanaged(ObjectRef ref, Optional<Labels.UnmanagedReason> reason) {
        nodeSets.unmanaged(ref, reason);
    }

    // ---- policy

    public void policyAccepted(String version) {
        policyReloads(ReloadResult.ACCEPTED);
        policyValid.set(1);
        policyInfo.clear();
        policyInfo.set(1, BoundedLabel.clean(version));
    }

    /** The last good policy (and its {@code skaler_policy_info} series) stays in force. */
    public void policyRejected() {
        policyReloads(ReloadResult.REJECTED);
        policyValid.set(0);
    }

    private void policyReloads(ReloadResult result) {
        Counter.builder("skaler.policy.reloads").description("Policy reads by result")
                .tags("result", result.label()).register(registry).increment();
    }

    // ---- the rest

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void consolidationRisk(String nodePoolName, boolean atRisk) {
        consolidationRisk.set(atRisk ? 1 : 0, nodePool.value(nodePoolName));
    }

    public void nodePoolProblem(String nodePoolName, Labels.NodePoolProblem problem, boolean present) {
        nodePoolProblem.set(present ? 1 : 0, nodePool.value(nodePoolName), problem.label());
    }

    public void retainNodePools(Collection<String> watched) {
        Set<String> keep = new HashSet<>();
        watched.forEach(n -> keep.add(BoundedLabel.clean(n)));
        consolidationRisk.removeIf(v -> !keep.contains(v.get(0)));
        nodePoolProblem.removeIf(v -> !keep.contains(v.get(0)));
        paused.removeIf(v -> v.get(0).equals(PausedKind.NODEPOOL.label()) && !keep.contains(v.get(1)));
    }

    public void kubeWrite(KubeKind kind, KubeVerb verb, WriteResult result) {
        Counter.builder("skaler.kube.writes").description("Kubernetes writes by kind, verb and result")
                .tags("kind", kind.label(), "verb", verb.label(), "result", result.label())
                .register(registry).increment();
    }

    public void kubeWriteRetry(KubeKind kind, RetryReason reason) {
        Counter.builder("skaler.kube.write.retries").description("Kubernetes write attempts retried after a transient error")
                .tags("kind", kind.label(), "reason", reason.label())
                .register(registry).increment();
    }

    public void kubeResourceMissing(Labels.WatchedResource resource, boolean isMissing) {
        kubeResourceMissing.set(isMissing ? 1 : 0, resource.label());
    }

    /** Exactly these namespaces (named by the policy, not seen by skaler) have a series, each 1. */
    public void namespacesUnseen(Collection<String> unseen) {
        Set<String> keep = new HashSet<>();
        unseen.forEach(ns -> keep.add(namespace.value(ns)));
        namespaceUnseen.removeIf(v -> !keep.contains(v.get(0)));
        keep.forEach(ns -> namespaceUnseen.set(1, ns));
    }

    /** Another field manager changed {@code field} of a {@code kind} after skaler set it (one per write found). */
    public void foreignWrite(PausedKind kind, Labels.OwnedField field) {
        Counter.builder("skaler.foreign.writes").description("Writes by another field manager (Helm, Argo CD, Flux,"
                        + " kubectl) to a field skaler sets, found after skaler's own write")
                .tags("kind", kind.label(), "field", field.label())
                .register(registry).increment();
    }

    /** A paused object shows as a series with value 1; unpausing removes it. */
    public void paused(PausedKind kind, String name, boolean isPaused) {
        String n = (kind == PausedKind.NODESET ? nodeSet : nodePool).value(name);
        if (isPaused) {
            paused.set(1, kind.label(), n);
        } else {
            paused.removeIf(v -> v.get(0).equals(kind.label()) && v.get(1).equals(n));
        }
    }

    private GaugeFamily gauge(String name, String help, String... keys) {
        return new GaugeFamily(registry, name, help, keys);
    }
}

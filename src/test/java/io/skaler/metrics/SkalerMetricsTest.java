package io.skaler.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.skaler.metrics.Labels.Action;
import io.skaler.metrics.Labels.CycleResult;
import io.skaler.metrics.Labels.HoldReason;
import io.skaler.metrics.Labels.KubeKind;
import io.skaler.metrics.Labels.KubeVerb;
import io.skaler.metrics.Labels.PausedKind;
import io.skaler.metrics.Labels.Phase;
import io.skaler.metrics.Labels.Reason;
import io.skaler.metrics.Labels.SlurmEndpoint;
import io.skaler.metrics.Labels.Source;
import io.skaler.metrics.Labels.TransportFailure;
import io.skaler.metrics.Labels.WriteResult;
import io.skaler.model.ObjectRef;
import io.skaler.model.PartitionDemand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SkalerMetricsTest {
    static final ObjectRef H100 = new ObjectRef("slurm", "slurm-worker-h100");
    static final ObjectRef TRN = new ObjectRef("slurm", "slurm-worker-trn1");

    /** The contract with the code and the docs: Prometheus family name -> label keys. */
    static final Map<String, Set<String>> CONTRACT = new TreeMap<>(Map.ofEntries(
            entry("skaler_partition_pending_jobs", Set.of("partition")),
            entry("skaler_partition_pending_gres", Set.of("partition", "gres")),
            entry("skaler_partition_nodes_needed", Set.of("partition")),
            entry("skaler_excluded_jobs", Set.of("reason")),
            entry("skaler_nodeset_replicas", Set.of("nodeset", "namespace", "partition", "kind")),
            entry("skaler_nodeset_inflight_nodes", Set.of("nodeset", "namespace")),
            entry("skaler_nodeset_inflight_oldest_seconds", Set.of("nodeset", "namespace")),
            entry("skaler_nodeset_capacity_failures_total", Set.of("nodeset", "namespace")),
            entry("skaler_nodeset_at_max", Set.of("nodeset", "namespace")),
            entry("skaler_nodeset_unserved_gres", Set.of("nodeset", "namespace", "gres")),
            entry("skaler_anticipated_nodes", Set.of("nodeset", "namespace")),
            entry("skaler_anticipated_node_minutes_total", Set.of("nodeset", "namespace")),
            entry("skaler_cycle_phase_seconds_bucket", Set.of("phase", "le")),
            entry("skaler_cycle_phase_seconds_count", Set.of("phase")),
            entry("skaler_cycle_phase_seconds_sum", Set.of("phase")),
            entry("skaler_cycle_phase_seconds_max", Set.of("phase")),
            entry("skaler_cycles_total", Set.of("result")),
            entry("skaler_last_successful_cycle_timestamp_seconds", Set.of()),
            entry("skaler_slurmrestd_requests_total", Set.of("endpoint", "version", "status")),
            entry("skaler_slurmrestd_response_bytes_total", Set.of("endpoint")),
            entry("skaler_slurm_jobs_listed", Set.of()),
            entry("skaler_slurm_jobs_unread", Set.of()),
            entry("skaler_slurm_jobs_incremental", Set.of()),
            entry("skaler_slurm_read_seconds", Set.of()),
            entry("skaler_slurmrestd_api_version", Set.of("version")),
            entry("skaler_source_stale", Set.of("source")),
            entry("skaler_decisions_total", Set.of("action", "reason")),
            entry("skaler_scale_in_held", Set.of("nodeset", "namespace", "reason")),
            entry("skaler_scale_in_held_seconds", Set.of("nodeset", "namespace")),
            entry("skaler_nodeset_unmanaged", Set.of("nodeset", "namespace", "reason")),
            entry("skaler_policy_reloads_total", Set.of("result")),
            entry("skaler_policy_valid", Set.of()),
            entry("skaler_policy_info", Set.of("version")),
            entry("skaler_leader", Set.of()),
            entry("skaler_nodepool_consolidation_risk", Set.of("nodepool")),
            entry("skaler_nodepool_problem", Set.of("nodepool", "problem")),
            entry("skaler_kube_writes_total", Set.of("kind", "verb", "result")),
            entry("skaler_kube_write_retries_total", Set.of("kind", "reason")),
            entry("skaler_slurm_metrics_disagreement", Set.of("partition")),
            entry("skaler_paused", Set.of("kind", "name")),
            entry("skaler_kube_resource_missing", Set.of("resource")),
            entry("skaler_namespace_unseen", Set.of("namespace")),
            entry("skaler_foreign_writes_total", Set.of("kind", "field"))));

    static void exerciseEverything(SkalerMetrics m) {
        m.partitionDemand(new PartitionDemand("gpu", 12, 96, Map.of("gpu", 96L), 1200, 12, 0));
        m.partitionDemand("trn", 2, Map.of("neuron", 32L), 2);
        m.excludedJobs(Map.of("Dependency", 3L, "JobHeldUser", 1L));
        m.nodeSetReplicas(H100, "gpu", 12, 8, 6);
        m.nodeSetInflight(H100, 2, Duration.ofSeconds(95));
        m.capacityFailure(H100);
        m.nodeSetAtMax(H100, true);
        m.unservedGres(H100, Map.of("gpu", 32L));
        m.anticipatedNodes(H100, 2, Instant.ofEpochSecond(1_800_000_000L));
        m.cyclePhase(Phase.FETCH, Duration.ofMillis(40));
        m.cycle(CycleResult.OK, Instant.ofEpochSecond(1_800_000_000L));
        m.slurmRequest(SlurmEndpoint.JOBS, "v0.0.42", 200);
        m.slurmRequestFailed(SlurmEndpoint.NODES, "v0.0.42", TransportFailure.TIMEOUT);
        m.slurmApiVersion("v0.0.42");
        m.slurmResponseBytes(SlurmEndpoint.JOBS, 4_700);
        m.slurmJobsRead(1_200, 3, true, 0.4);
        m.sourceStale(Source.SLURM, false);
        m.decision(Action.SCALE_UP, Reason.DEMAND);
        m.scaleInHeld(TRN, HoldReason.NO_SLURM_CLIENT, Duration.ofMinutes(3));
        m.nodeSetUnmanaged(TRN, java.util.Optional.of(Labels.UnmanagedReason.DAEMONSET_SCALING_MODE));
        m.policyAccepted("sha256-1a2b3c");
        m.leader(true);
        m.consolidationRisk("trn1", true);
        m.nodePoolProblem("trn1", io.skaler.metrics.Labels.NodePoolProblem.STATIC_NOT_FOLLOWED, true);
        m.kubeWrite(KubeKind.NODESET_SCALE, KubeVerb.UPDATE, WriteResult.OK);
        m.kubeWriteRetry(KubeKind.NODESET_SCALE, Labels.RetryReason.CONFLICT);
        m.slurmMetricsDisagreement(Map.of("gpu", -2L));
        m.paused(PausedKind.NODEPOOL, "h100", true);
        m.kubeResourceMissing(Labels.WatchedResource.NODEPOOLS, true);
        m.namespacesUnseen(java.util.List.of("slurm-b"));
        m.foreignWrite(PausedKind.NODESET, Labels.OwnedField.REPLICAS);
    }

    @Test
    void prometheusExpositionHasExactlyTheContractedNamesAndLabels() {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        exerciseEverything(new SkalerMetrics(prometheus));

        Map<String, Set<String>> seen = PrometheusText.familiesWithLabelKeys(prometheus.scrape());

        assertThat(seen).isEqualTo(CONTRACT);
    }

    @Test
    void labelsComeOnlyFromTheClosedSetAndNeverNameAJobOrPod() {
        var registry = new SimpleMeterRegistry();
        exerciseEverything(new SkalerMetrics(registry));

        Set<String> keys = registry.getMeters().stream()
                .flatMap(meter -> meter.getId().getTags().stream()).map(Tag::getKey)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(keys).containsExactlyInAnyOrder("partition", "gres", "reason", "nodeset", "namespace", "kind",
                "phase", "result", "endpoint", "version", "status", "action", "source", "nodepool", "verb", "name",
                "resource", "field", "problem", "le"); // le: the fixed histogram buckets of the phase timer
    }

    @Test
    void enumsBecomeLowerCaseLabelValues() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);

        m.decision(Action.HOLD, Reason.HOLD_DRAIN_UNAVAILABLE);
        m.kubeWrite(KubeKind.NODEPOOL, KubeVerb.PATCH, WriteResult.DRY_RUN);

        assertThat(registry.get("skaler.decisions").tag("action", "hold")
                .tag("reason", "hold_drain_unavailable").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("skaler.kube.writes").tag("kind", "nodepool").tag("verb", "patch")
                .tag("result", "dry_run").counter().count()).isEqualTo(1.0);
    }

    @Test
    void replicasCarryDesiredCurrentAndReady() {
        var registry = new SimpleMeterRegistry();
        new SkalerMetrics(registry).nodeSetReplicas(H100, "gpu", 12, 8, 6);

        assertThat(gauge(registry, "skaler.nodeset.replicas", "kind", "desired")).isEqualTo(12.0);
        assertThat(gauge(registry, "skaler.nodeset.replicas", "kind", "current")).isEqualTo(8.0);
        assertThat(gauge(registry, "skaler.nodeset.replicas", "kind", "ready")).isEqualTo(6.0);
        assertThat(registry.get("skaler.nodeset.replicas").tag("kind", "ready").gauge().getId().getTag("namespace"))
                .isEqualTo("slurm");
    }

    @Test
    void beforeAnyCycleTheLastSuccessIsProcessStartAndSourcesAreStale() {
        var clock = new MockClock();
        clock.add(1_700_000_000L, TimeUnit.SECONDS);
        var registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        var m = new SkalerMetrics(registry);
        double start = clock.wallTime() / 1000.0;

        assertThat(registry.get("skaler.last.successful.cycle.timestamp.seconds").gauge().value()).isEqualTo(start);
        assertThat(gauge(registry, "skaler.source.stale", "source", "slurm")).isEqualTo(1.0);
        assertThat(registry.get("skaler.leader").gauge().value()).isZero();
        assertThat(registry.get("skaler.cycles").counters()).hasSize(CycleResult.values().length);

        m.cycle(CycleResult.STALE, Instant.ofEpochSecond(1_700_000_100L));
        assertThat(registry.get("skaler.last.successful.cycle.timestamp.seconds").gauge().value())
                .as("a stale cycle is not a success").isEqualTo(start);
        m.cycle(CycleResult.OK, Instant.ofEpochSecond(1_700_000_200L));
        assertThat(registry.get("skaler.last.successful.cycle.timestamp.seconds").gauge().value())
                .isEqualTo(1_700_000_200.0);
    }

    @Test
    void aRejectedPolicyKeepsTheVersionInForce() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);

        m.policyAccepted("v1");
        m.policyAccepted("v2");
        m.policyRejected();

        assertThat(registry.get("skaler.policy.valid").gauge().value()).isZero();
        assertThat(registry.find("skaler.policy.info").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("version")).isEqualTo("v2"));
        assertThat(registry.get("skaler.policy.reloads").tag("result", "accepted").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("skaler.policy.reloads").tag("result", "rejected").counter().count()).isEqualTo(1.0);
    }

    @Test
    void onlyTheCurrentSlurmApiVersionIsShown() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);

        m.slurmApiVersion("v0.0.44");
        m.slurmApiVersion("v0.0.42");

        assertThat(registry.find("skaler.slurmrestd.api.version").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("version")).isEqualTo("v0.0.42"));
    }

    @Test
    void aScaleInHoldHasOneReasonAtATimeAndGoesAwayWhenReleased() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);

        m.scaleInHeld(H100, HoldReason.STALE, Duration.ofSeconds(30));
        m.scaleInHeld(H100, HoldReason.BUSY_NODES, Duration.ofMinutes(61));

        assertThat(registry.find("skaler.scale.in.held").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("reason")).isEqualTo("busy_nodes"));
        assertThat(registry.get("skaler.scale.in.held.seconds").gauge().value()).isEqualTo(3660.0);

        m.scaleInReleased(H100);
        assertThat(registry.find("skaler.scale.in.held").gauges()).isEmpty();
        assertThat(registry.find("skaler.scale.in.held.seconds").gauges()).isEmpty();
    }

    @Test
    void unusualStatusCodesAndLabelCharactersStayBounded() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);

        m.slurmRequest(SlurmEndpoint.PING, "v0.0.44", 999);
        m.excludedJobs(Map.of("fits no node shape", 2L, "", 1L));

        assertThat(registry.get("skaler.slurmrestd.requests").counter().getId().getTag("status")).isEqualTo("invalid");
        assertThat(registry.find("skaler.excluded.jobs").gauges()).map(g -> g.getId().getTag("reason"))
                .containsExactlyInAnyOrder("fits_no_node_shape", "none");
    }

    static double gauge(SimpleMeterRegistry registry, String name, String key, String value) {
        return registry.get(name).tag(key, value).gauge().value();
    }

    static long seriesCount(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId).count();
    }

    static List<String> names(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(meter -> meter.getId().getName()).sorted().toList();
    }
}

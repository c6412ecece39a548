package io.skaler.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Demand per partition: pending jobs, their GRES, nodes needed, excluded jobs by reason, and the disagreement with
 * Slurm's own metrics. Part of {@link SkalerMetrics}, which shares its bounded labels with it.
 */
final class DemandMetrics {
    private final BoundedLabel partition;
    private final BoundedLabel gres;
    private final BoundedLabel excludedReason = new BoundedLabel("reason", 64);

    private final GaugeFamily pendingJobs;
    private final GaugeFamily pendingGres;
    private final GaugeFamily nodesNeeded;
    private final GaugeFamily excludedJobs;
    private final GaugeFamily disagreement;

    DemandMetrics(MeterRegistry registry, BoundedLabel partition, BoundedLabel gres) {
        this.partition = partition;
        this.gres = gres;
        pendingJobs = new GaugeFamily(registry, "skaler.partition.pending.jobs",
                "Pending jobs that more nodes would let run", "partition");
        pendingGres = new GaugeFamily(registry, "skaler.partition.pending.gres",
                "GRES (GPUs, Neuron devices, ...) asked for by those jobs", "partition", "gres");
        nodesNeeded = new GaugeFamily(registry, "skaler.partition.nodes.needed",
                "Nodes of the partition's shapes that would host the demand, before limits", "partition");
        excludedJobs = new GaugeFamily(registry, "skaler.excluded.jobs",
                "Pending jobs not counted as demand, by reason", "reason");
        disagreement = new GaugeFamily(registry, "skaler.slurm.metrics.disagreement",
                "Pending jobs per partition by Slurm's own metrics minus by skaler's job list", "partition");
    }

    void partitionDemand(String partitionName, int jobs, Map<String, Long> gresAsked, int nodes) {
        String p = partition.value(partitionName);
        pendingJobs.set(jobs, p);
        nodesNeeded.set(nodes, p);
        Set<String> kept = new HashSet<>();
        gresAsked.forEach((g, amount) -> {
            String gv = gres.value(g);
            kept.add(gv);
            pendingGres.set(amount, p, gv);
        });
        pendingGres.removeIf(v -> v.get(0).equals(p) && !kept.contains(v.get(1)));
    }

    void excludedJobs(Map<String, Long> countByReason) {
        Set<String> kept = new HashSet<>();
        countByReason.forEach((reason, count) -> {
            String r = excludedReason.value(reason);
            kept.add(r);
            excludedJobs.set(count, r);
        });
        excludedJobs.removeIf(v -> !kept.contains(v.get(0)));
    }

    void slurmMetricsDisagreement(Map<String, Long> differenceByPartition) {
        Set<String> kept = new HashSet<>();
        differenceByPartition.forEach((p, difference) -> {
            String pv = partition.value(p);
            kept.add(pv);
            disagreement.set(difference, pv);
        });
        disagreement.removeIf(v -> !kept.contains(v.get(0)));
    }

    /** @param keep cleaned partition names still managed */
    void retain(Collection<String> keep) {
        pendingJobs.removeIf(v -> !keep.contains(v.get(0)));
        nodesNeeded.removeIf(v -> !keep.contains(v.get(0)));
        pendingGres.removeIf(v -> !keep.contains(v.get(0)));
        disagreement.removeIf(v -> !keep.contains(v.get(0)));
    }
}

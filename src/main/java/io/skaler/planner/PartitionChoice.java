package io.skaler.planner;

import io.skaler.model.ExcludedJob;
import io.skaler.model.SlurmPartition;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each job class counts. A job listing several partitions is counted once: in the first of them (in the
 * user's order) that skaler manages and that can host it within its limits (some NodeSet's shape fits it, the
 * NodeSet may hold its node count, the partition's MaxNodes allows it). Classes with no managed partition, or that
 * fit no managed shape, are excluded with the reason.
 */
final class PartitionChoice {

    /** A class counted in one partition, with its fit on each of the partition's NodeSets (in policy order). */
    static final class Assigned {
        final JobClass cls;
        final ShapeFit[] fits;
        long remaining;
        /** Where this class last became a driver of a NodeSet's reasons, so a second placement there adds to it. */
        NodeSetWork driverOf;
        int driverAt;

        Assigned(JobClass cls, ShapeFit[] fits) {
            this.cls = cls;
            this.fits = fits;
            this.remaining = cls.jobs();
        }
    }

    final Map<String, List<Assigned>> byPartition = new LinkedHashMap<>();
    final Map<String, Long> unplaceable = new HashMap<>();
    /** Demand totals of the classes assigned so far, per partition (the plan's partition summary). */
    private final Map<String, PartitionDemands.Tally> tallies = new HashMap<>();
    final List<ExcludedJob> excluded = new ArrayList<>();

    static PartitionChoice assign(List<JobClass> classes, Policy policy, Map<String, NodeSetWork[]> works,
                                  Map<String, SlurmPartition> slurmPartitions, PlanBudget.Stopwatch budget) {
        PartitionChoice choice = new PartitionChoice();
        for (PartitionPolicy p : policy.partitions()) {
            choice.byPartition.put(p.name(), new ArrayList<>());
            choice.tallies.put(p.name(), new PartitionDemands.Tally());
        }
        for (int c = 0; c < classes.size(); c++) {
            if ((c & 255) == 255 && budget.exhausted()) {
                break;
            }
            choice.place(classes.get(c), works, slurmPartitions);
        }
        return choice;
    }

    PartitionDemands.Tally tally(String partition) {
        return tallies.get(partition);
    }

    private void place(JobClass cls, Map<String, NodeSetWork[]> works, Map<String, SlurmPartition> slurmPartitions) {
        String firstManaged = null;
        String firstReason = null;
        for (String partition : cls.key().partitions()) {
            NodeSetWork[] nodeSets = works.get(partition);
            if (nodeSets == null) {
                continue;
            }
            if (firstManaged == null) {
                firstManaged = partition;
            }
            ShapeFit[] fits = new ShapeFit[nodeSets.length];
            boolean any = false;
            String reason = "partition " + partition + " has no NodeSet";
            int maxNodes = slurmPartitions.containsKey(partition) ? slurmPartitions.get(partition).maxNodesPerJob() : 0;
            for (int i = 0; i < nodeSets.length; i++) {
                fits[i] = ShapeFit.check(cls.key(), nodeSets[i].policy, nodeSets[i].features, nodeSets[i].axes);
                if (fits[i] instanceof ShapeFit.Fits f && maxNodes > 0 && f.request().nodes() > maxNodes) {
                    fits[i] = new ShapeFit.NoFit("needs " + f.request().nodes() + " nodes; partition " + partition
                            + " allows MaxNodes=" + maxNodes);
                }
                if (fits[i] instanceof ShapeFit.Fits) {
                    any = true;
                } else if (i == 0) {
                    reason = ((ShapeFit.NoFit) fits[i]).reason();
                }
            }
            if (any) {
                byPartition.get(partition).add(new Assigned(cls, fits));
                tallies.get(partition).add(cls);
                return;
            }
            if (firstReason == null) {
                firstReason = "fits no node shape of partition " + partition + ": " + reason;
            }
        }
        String reason;
        if (firstManaged == null) {
            reason = "no managed partition among " + String.join(",", cls.key().partitions());
        } else {
            reason = firstReason;
            unplaceable.merge(firstManaged, cls.jobs(), Long::sum);
        }
        for (int i = 0; i < cls.records(); i++) {
            excluded.add(new ExcludedJob(cls.jobId(i), reason));
        }
    }
}

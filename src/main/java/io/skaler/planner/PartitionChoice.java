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
        final String partition;
        final ShapeFit[] fits;
        long remaining;
        /** A het-job component held back because its het job did not fit whole: not packed, still demand. */
        boolean withheld;
        /** Where this class last became a driver of a NodeSet's reasons, so a second placement there adds to it. */
        NodeSetWork driverOf;
        int driverAt;

        Assigned(JobClass cls, String partition, ShapeFit[] fits) {
            this.cls = cls;
            this.partition = partition;
            this.fits = fits;
            this.remaining = cls.jobs();
        }
    }

    final Map<String, List<Assigned>> byPartition = new LinkedHashMap<>();
    final Map<String, Long> unplaceable = new HashMap<>();
    /** Demand totals of the classes assigned so far, per partition (the plan's partition summary). */
    private final Map<String, PartitionDemands.Tally> tallies = new HashMap<>();
    final List<ExcludedJob> excluded = new ArrayList<>();
    private final boolean memoryConsumable;

    private PartitionChoice(boolean memoryConsumable) {
        this.memoryConsumable = memoryConsumable;
    }

    /** Het jobs whose components were all assigned: their components are packed together, first. */
    final List<List<Assigned>> hetJobs = new ArrayList<>();

    static PartitionChoice assign(List<JobClass> classes, Policy policy, Map<String, NodeSetWork[]> works,
                                  Map<String, SlurmPartition> slurmPartitions, PlanBudget.Stopwatch budget) {
        PartitionChoice choice = new PartitionChoice(policy.memoryConsumable());
        for (PartitionPolicy p : policy.partitions()) {
            choice.byPartition.put(p.name(), new ArrayList<>());
            choice.tallies.put(p.name(), new PartitionDemands.Tally());
        }
        Map<Long, List<JobClass>> het = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            if ((c & 255) == 255 && budget.exhausted()) {
                break;
            }
            JobClass cls = classes.get(c);
            if (cls.key().hetJobId() != 0) {
                het.computeIfAbsent(cls.key().hetJobId(), k -> new ArrayList<>()).add(cls);
                continue;
            }
            Choice chosen = choice.choose(cls, works, slurmPartitions);
            if (chosen.partition != null) {
                choice.commit(cls, chosen);
            } else {
                choice.refuse(cls, chosen, chosen.reason);
            }
        }
        for (List<JobClass> components : het.values()) {
            choice.assignHetJob(components, works, slurmPartitions);
        }
        return choice;
    }

    /**
     * All components of a het job start together, so either every component gets a partition or none is counted;
     * the excluded entries name the component that failed.
     */
    private void assignHetJob(List<JobClass> components, Map<String, NodeSetWork[]> works,
                              Map<String, SlurmPartition> slurmPartitions) {
        List<Choice> chosen = new ArrayList<>();
        Choice failed = null;
        JobClass culprit = null;
        for (JobClass cls : components) {
            Choice c = choose(cls, works, slurmPartitions);
            chosen.add(c);
            if (c.partition == null && failed == null) {
                failed = c;
                culprit = cls;
            }
        }
        if (failed == null) {
            List<Assigned> assigned = new ArrayList<>();
            for (int i = 0; i < components.size(); i++) {
                assigned.add(commit(components.get(i), chosen.get(i)));
            }
            hetJobs.add(assigned);
            return;
        }
        for (int i = 0; i < components.size(); i++) {
            JobClass cls = components.get(i);
            String why = cls == culprit ? failed.reason
                    : "component +" + culprit.key().hetJobOffset() + " (job " + culprit.jobId(0) + "): "
                    + failed.reason;
            refuse(cls, cls == culprit ? failed : new Choice(null, null, why, null),
                    "het job " + cls.key().hetJobId() + ": " + why
                            + "; its components start together, so none is counted");
        }
    }

    PartitionDemands.Tally tally(String partition) {
        return tallies.get(partition);
    }

    /**
     * Where a class would count: a partition and its fits, or (partition null) the reason it counts nowhere and the
     * managed partition it is reported unplaceable in (null when none is managed).
     */
    private record Choice(String partition, ShapeFit[] fits, String reason, String unplaceableIn) {
    }

    private Assigned commit(JobClass cls, Choice c) {
        Assigned a = new Assigned(cls, c.partition, c.fits);
        byPartition.get(c.partition).add(a);
        tallies.get(c.partition).add(cls);
        return a;
    }

    private void refuse(JobClass cls, Choice c, String reason) {
        if (c.unplaceableIn != null) {
            unplaceable.merge(c.unplaceableIn, cls.jobs(), Long::sum);
        }
        for (int i = 0; i < cls.records(); i++) {
            excluded.add(new ExcludedJob(cls.jobId(i), reason));
        }
    }

    private Choice choose(JobClass cls, Map<String, NodeSetWork[]> works,
                          Map<String, SlurmPartition> slurmPartitions) {
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
                fits[i] = ShapeFit.check(cls.key(), nodeSets[i].policy, nodeSets[i].features, nodeSets[i].axes,
                        memoryConsumable);
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
                return new Choice(partition, fits, "", null);
            }
            if (firstReason == null) {
                firstReason = "fits no node shape of partition " + partition + ": " + reason;
            }
        }
        if (firstManaged == null) {
            return new Choice(null, null, "no managed partition among " + String.join(",", cls.key().partitions()),
                    null);
        }
        return new Choice(null, null, firstReason, firstManaged);
    }
}

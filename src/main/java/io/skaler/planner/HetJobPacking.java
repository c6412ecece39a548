package io.skaler.planner;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Het jobs are packed before every other class, one het job at a time and whole: all components of a het job start
 * together, so each component is placed in its own partition (over that partition's NodeSets in order, as Slurm
 * assigns it), and if any component finds no room within the limits (maxReplicas, backoff, a paused or missing
 * NodeSet), everything the het job took is given back and none of its components is served. Its demand still shows
 * in the partitions' nodesNeeded, and a warning names the component that did not fit.
 */
final class HetJobPacking {
    private HetJobPacking() {
    }

    /** Packs every het job whole or not at all; false when the budget ran out. */
    static boolean pack(List<List<PartitionChoice.Assigned>> hetJobs, Map<String, NodeSetWork[]> works,
                        PlanBudget.Stopwatch clock, List<String> warnings) {
        for (List<PartitionChoice.Assigned> components : hetJobs) {
            if (clock.exhausted()) {
                return false;
            }
            Map<NodeSetWork, NodeSetWork.Mark> marks = new IdentityHashMap<>();
            for (PartitionChoice.Assigned a : components) {
                for (NodeSetWork w : works.get(a.partition)) {
                    marks.computeIfAbsent(w, NodeSetWork::mark);
                }
            }
            PartitionChoice.Assigned short_ = null;
            for (PartitionChoice.Assigned a : components) {
                NodeSetWork[] nodeSets = works.get(a.partition);
                for (int i = 0; i < nodeSets.length && a.remaining > 0; i++) {
                    if (a.fits[i] instanceof ShapeFit.Fits f) {
                        nodeSets[i].place(a, f.request(), true);
                    }
                }
                if (a.remaining > 0 && short_ == null) {
                    short_ = a;
                }
            }
            if (short_ != null) {
                marks.forEach(NodeSetWork::restore);
                for (PartitionChoice.Assigned a : components) {
                    a.remaining = a.cls.jobs();
                    a.withheld = true;
                    a.driverOf = null;
                }
                warnings.add("het job " + short_.cls.key().hetJobId() + " not served: component +"
                        + short_.cls.key().hetJobOffset() + " (job " + short_.cls.jobId(0) + ") finds no room in "
                        + "partition " + short_.partition + " within its limits; its components start together, "
                        + "so none is counted");
            }
        }
        return true;
    }
}

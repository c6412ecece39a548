package io.skaler.planner;

import io.skaler.model.AnticipatedJob;
import io.skaler.model.NodeSetTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Says on a NodeSet's target which of the jobs counted in its partition were counted before they are eligible: the
 * capacity raised for them is idle until then, and an operator reading the plan or the Event must see why.
 */
final class AnticipationReasons {
    /** Jobs named per target; the rest are counted in a number (the plan lists them all). */
    static final int SHOWN = 3;

    private AnticipationReasons() {
    }

    static NodeSetTarget add(NodeSetTarget target, List<AnticipatedJob> anticipated, PartitionChoice choice) {
        if (anticipated.isEmpty() || target.action() == NodeSetTarget.Action.PAUSED) {
            return target;
        }
        List<AnticipatedJob> here = inPartition(target.partition(), anticipated, choice);
        if (here.isEmpty()) {
            return target;
        }
        List<String> reasons = new ArrayList<>(target.reasons());
        for (int i = 0; i < Math.min(SHOWN, here.size()); i++) {
            reasons.add(here.get(i).reason());
        }
        if (here.size() > SHOWN) {
            reasons.add("and " + (here.size() - SHOWN) + " more job(s) counted ahead of their eligibility");
        }
        return new NodeSetTarget(target.nodeSet(), target.partition(), target.current(), target.desired(),
                target.action(), target.podsToRemove(), reasons, target.backoff());
    }

    private static List<AnticipatedJob> inPartition(String partition, List<AnticipatedJob> anticipated,
                                                    PartitionChoice choice) {
        Map<Long, AnticipatedJob> byId = new HashMap<>();
        anticipated.forEach(a -> byId.put(a.jobId(), a));
        List<AnticipatedJob> out = new ArrayList<>();
        for (PartitionChoice.Assigned a : choice.byPartition.getOrDefault(partition, List.of())) {
            for (int i = 0; i < a.cls.records(); i++) {
                AnticipatedJob j = byId.get(a.cls.jobId(i));
                if (j != null) {
                    out.add(j);
                }
            }
        }
        return out;
    }
}

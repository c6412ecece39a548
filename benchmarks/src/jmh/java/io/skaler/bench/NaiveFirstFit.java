package io.skaler.bench;

import io.skaler.model.NodeSetState;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.policy.NodeShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline the class packer is measured against: first-fit one job (one array task) at a time over a list of
 * nodes per partition, each of a job's nodes on a different node, opening a node when none has room. It handles
 * only the demand forms {@link PlannerWorkload} generates. It skips nodes that are full, as any sane first-fit does.
 */
public final class NaiveFirstFit {
    private NaiveFirstFit() {
    }

    /** New nodes needed over all partitions. */
    public static long newNodes(PlannerWorkload w) {
        Map<String, SlurmNode> slurm = new HashMap<>();
        w.snapshot.slurm().nodes().forEach(n -> slurm.put(n.name(), n));
        Map<String, List<long[]>> bins = new HashMap<>();
        Map<String, NodeShape> shapes = new HashMap<>();
        Map<String, int[]> firstOpen = new HashMap<>();
        for (int p = 0; p < PlannerWorkload.PARTITIONS; p++) {
            NodeSetState ns = w.snapshot.kube().nodeSets().get(p);
            List<long[]> list = new ArrayList<>();
            for (var pod : ns.pods()) {
                SlurmNode n = slurm.get(pod.slurmNodeName());
                list.add(new long[] {n.cpus() - n.allocCpus(), n.realMemoryMB() - n.allocMemoryMB(),
                        n.gres().total("gpu") - n.gresUsed().total("gpu"), n.allocCpus() == 0 ? 1 : 0});
            }
            bins.put("part-" + p, list);
            shapes.put("part-" + p, PlannerWorkload.shape(p));
            firstOpen.put("part-" + p, new int[1]);
        }
        long opened = 0;
        for (PendingJob job : w.snapshot.slurm().pendingJobs()) {
            String part = job.partitions().get(0);
            NodeShape shape = shapes.get(part);
            List<long[]> list = bins.get(part);
            int[] start = firstOpen.get(part);
            long cpu = (long) Math.ceil((double) job.tasks() * job.cpusPerTask() / job.minNodes());
            long mem = job.memory().megabytes();
            long gpu = job.gresPerNode().total("gpu");
            for (int task = 0; task < job.runnableTasks(); task++) {
                int placed = 0;
                boolean[] used = new boolean[list.size() + job.minNodes()];
                for (int i = start[0]; i < list.size() && placed < job.minNodes(); i++) {
                    long[] b = list.get(i);
                    if (fits(b, cpu, mem, gpu, job.exclusive())) {
                        take(b, cpu, mem, gpu, job.exclusive());
                        used[i] = true;
                        placed++;
                    }
                }
                while (placed < job.minNodes()) {
                    long[] b = {shape.cpus(), shape.memoryMB(), shape.gres().total("gpu"), 1};
                    take(b, cpu, mem, gpu, job.exclusive());
                    list.add(b);
                    opened++;
                    placed++;
                }
                while (start[0] < list.size() && list.get(start[0])[0] <= 0) {
                    start[0]++;
                }
            }
        }
        return opened;
    }

    private static boolean fits(long[] b, long cpu, long mem, long gpu, boolean whole) {
        return whole ? b[3] == 1 : b[0] >= cpu && b[1] >= mem && b[2] >= gpu;
    }

    private static void take(long[] b, long cpu, long mem, long gpu, boolean whole) {
        if (whole) {
            b[0] = 0;
            b[1] = 0;
            b[2] = 0;
        } else {
            b[0] -= cpu;
            b[1] -= mem;
            b[2] -= gpu;
        }
        b[3] = 0;
    }
}

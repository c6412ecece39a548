package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.model.SlurmNode;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.NodeShape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy's node shape against what the NodeSet's slurmd registered in Slurm: more CPUs, memory or GRES than Slurm
 * has means the planner packs jobs onto nodes that cannot run them (capacity bought for nothing); a feature Slurm
 * lacks means {@code --constraint} jobs are counted for nodes that will never run them. Fewer is only wasteful.
 */
public final class NodeShapeCheck implements Check {
    static final String NAME = "node-shape";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.policy().isEmpty() || in.slurm().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "needs the policy and Slurm's nodes",
                    "pass --policy FILE and --slurm DIR, or run live"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (var partition : in.policy().get().partitions()) {
            for (NodeSetPolicy ns : partition.nodeSets()) {
                List<SlurmNode> nodes = registered(ns, in);
                if (nodes.isEmpty()) {
                    out.add(CheckResult.skip(NAME, "NodeSet " + ns.ref() + ": no Slurm node of it registered",
                            "run the check again while the NodeSet has a node"));
                } else {
                    out.add(compare(ns, nodes));
                }
            }
        }
        return out;
    }

    /**
     * Slurm nodes of the NodeSet: its pods' Slurm names when pods are in the input, else names starting with its
     * template hostname (Slinky: {@code <hostname><ordinal>}), else nodes carrying the NodeSet's name as a feature.
     */
    static List<SlurmNode> registered(NodeSetPolicy ns, CheckInput in) {
        Set<String> names = new LinkedHashSet<>();
        Optional<KubeObject> object = in.ofKind("NodeSet").stream()
                .filter(o -> o.name().equals(ns.ref().name()) && o.namespace().equals(ns.ref().namespace()))
                .findFirst();
        String prefix = object.map(o -> CheckInput.text(o, "/spec/template/spec/hostname")).orElse("");
        object.ifPresent(o -> NodeSetPods.of(o, in).forEach(p -> names.add(NodeSetPods.slurmNodeName(p))));
        return in.slurm().get().nodes().stream().filter(n -> names.contains(n.name())
                || (!prefix.isEmpty() && n.name().startsWith(prefix) && n.name().substring(prefix.length())
                        .matches("[0-9]+"))
                || n.features().contains(ns.ref().name())).toList();
    }

    private static CheckResult compare(NodeSetPolicy ns, List<SlurmNode> nodes) {
        NodeShape shape = ns.node();
        List<String> over = new ArrayList<>();
        List<String> under = new ArrayList<>();
        SlurmNode n = nodes.stream().min(java.util.Comparator.comparingInt(SlurmNode::cpus)).get();
        compare("cpus", shape.cpus(), n.cpus(), over, under);
        compare("memoryMB", shape.memoryMB(), n.realMemoryMB(), over, under);
        for (var g : shape.gres().amounts().entrySet()) {
            long has = n.gres().amounts().getOrDefault(g.getKey(), n.gres().total(g.getKey()));
            compare("gres " + g.getKey(), g.getValue(), has, over, under);
        }
        List<String> lacking = shape.features().stream().filter(f -> !n.features().contains(f)).toList();
        String what = "NodeSet " + ns.ref() + " vs Slurm node " + n.name() + " (" + nodes.size() + " registered)";
        if (!over.isEmpty() || !lacking.isEmpty()) {
            List<String> parts = new ArrayList<>(over);
            if (!lacking.isEmpty()) {
                parts.add("features " + lacking + " not on the node (it has " + n.features() + ")");
            }
            return CheckResult.fail(NAME, what + ": the policy promises more than Slurm has: " + String.join("; ", parts),
                    "set the policy's node shape to what slurmd registers (scontrol show node " + n.name()
                            + ": CPUTot, RealMemory, Gres, AvailableFeatures)");
        }
        if (!under.isEmpty()) {
            return CheckResult.warn(NAME, what + ": the policy counts less than Slurm has: " + String.join("; ", under),
                    "raise the policy's node shape to what slurmd registers, or jobs may ask for more nodes than needed");
        }
        return CheckResult.pass(NAME, what + ": cpus, memory, GRES and features match");
    }

    private static void compare(String what, long policy, long slurm, List<String> over, List<String> under) {
        if (policy > slurm) {
            over.add(what + " " + policy + " > Slurm's " + slurm);
        } else if (policy < slurm) {
            under.add(what + " " + policy + " < Slurm's " + slurm);
        }
    }
}

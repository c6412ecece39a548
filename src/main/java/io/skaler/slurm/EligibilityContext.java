package io.skaler.slurm;

import io.skaler.model.NodeState;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the eligibility rules need to know about the cluster besides the job: partition node limits and which nodes
 * are placeholders skaler can bring up. slurmrestd hides FUTURE nodes from {@code /nodes} unless asked with
 * {@code flags=FUTURE}, so a node named by Slurm but absent from the node list is taken as a hidden FUTURE placeholder,
 * and a partition whose {@code nodes.total} exceeds the nodes listed in it has placeholders.
 */
public final class EligibilityContext {
    /** Where a node named in a job's {@code state_description} stands. */
    public enum NodeKind {
        /** FUTURE (listed or hidden), DYNAMIC_FUTURE, or CLOUD and powered down: capacity skaler can add. */
        PLACEHOLDER,
        /** RESERVED or in MAINTENANCE: more nodes will not free it. */
        RESERVED,
        /** A real node that is down, drained or busy. */
        OTHER
    }

    /** No cluster view: conditional reasons (PartitionNodeLimit, ReqNodeNotAvail) are then never demand. */
    public static final EligibilityContext UNKNOWN =
            new EligibilityContext(false, Map.of(), Map.of(), Set.of(), Set.of());

    private final boolean known;
    private final Map<String, SlurmPartition> partitions;
    private final Map<String, NodeState> nodes;
    private final Set<String> partitionsWithPlaceholders;
    private final Set<String> partitionsWithReservedNodes;

    private EligibilityContext(boolean known, Map<String, SlurmPartition> partitions, Map<String, NodeState> nodes,
                               Set<String> partitionsWithPlaceholders, Set<String> partitionsWithReservedNodes) {
        this.known = known;
        this.partitions = partitions;
        this.nodes = nodes;
        this.partitionsWithPlaceholders = partitionsWithPlaceholders;
        this.partitionsWithReservedNodes = partitionsWithReservedNodes;
    }

    public static EligibilityContext of(List<SlurmNode> nodeList, List<SlurmPartition> partitionList) {
        Map<String, SlurmPartition> parts = new HashMap<>();
        partitionList.forEach(p -> parts.put(p.name(), p));
        Map<String, NodeState> states = new HashMap<>();
        Map<String, Integer> listed = new HashMap<>();
        Set<String> withPlaceholders = new HashSet<>();
        Set<String> withReserved = new HashSet<>();
        for (SlurmNode n : nodeList) {
            states.put(n.name(), n.state());
            for (String p : n.partitions()) {
                listed.merge(p, 1, Integer::sum);
                if (placeholder(n.state())) {
                    withPlaceholders.add(p);
                }
                if (reserved(n.state())) {
                    withReserved.add(p);
                }
            }
        }
        for (SlurmPartition p : partitionList) {
            if (p.totalNodes() > listed.getOrDefault(p.name(), 0)) {
                withPlaceholders.add(p.name());
            }
        }
        return new EligibilityContext(true, Map.copyOf(parts), Map.copyOf(states), Set.copyOf(withPlaceholders),
                Set.copyOf(withReserved));
    }

    static boolean reserved(NodeState s) {
        return s.has("RESERVED") || s.has("MAINTENANCE");
    }

    static boolean placeholder(NodeState s) {
        return s.future() || s.has("DYNAMIC_FUTURE") || (s.has("CLOUD") && s.has("POWERED_DOWN"));
    }

    public boolean known() {
        return known;
    }

    public Optional<SlurmPartition> partition(String name) {
        return Optional.ofNullable(partitions.get(name));
    }

    public boolean hasPlaceholders(String partition) {
        return partitionsWithPlaceholders.contains(partition);
    }

    /** Some listed node of the partition is RESERVED or in MAINTENANCE. */
    public boolean hasReservedNodes(String partition) {
        return partitionsWithReservedNodes.contains(partition);
    }

    public NodeKind node(String name) {
        NodeState s = nodes.get(name);
        if (s == null) {
            // not listed: a hidden FUTURE node, when we have a node list to judge by at all
            return known ? NodeKind.PLACEHOLDER : NodeKind.OTHER;
        }
        if (reserved(s)) {
            return NodeKind.RESERVED;
        }
        return placeholder(s) ? NodeKind.PLACEHOLDER : NodeKind.OTHER;
    }
}

package io.skaler.slurm;

import io.skaler.model.Eligibility;
import io.skaler.model.SlurmPartition;

import java.util.List;
import java.util.Map;

/**
 * Decides, from a pending job's {@code state_reason} (with {@code hold}, {@code dependency} and
 * {@code state_description}), whether more nodes would let it run. A pure function of the job and an
 * {@link EligibilityContext}; the decisions live in {@link #TABLE} and {@link #PREFIXES}. Unknown reasons are blocked
 * (more nodes for a reason nobody understood would be a guess). Every blocked job keeps a reason a person can read.
 */
public final class EligibilityClassifier {
    /** What a reason means for scaling. */
    enum Rule {
        DEMAND,
        BLOCKED,
        /** demand only when {@code node_count} fits the MinNodes..MaxNodes of a candidate partition */
        PARTITION_NODE_LIMIT,
        /** demand only when the unavailable nodes are placeholders skaler can bring up */
        REQ_NODE_NOT_AVAIL
    }

    /** Exact reasons. Source: reference table of Slurm's job_state_reason.c, classified for autoscaling. */
    static final Map<String, Rule> TABLE = Map.ofEntries(
            Map.entry("Resources", Rule.DEMAND),
            Map.entry("Priority", Rule.DEMAND),
            Map.entry("None", Rule.DEMAND),
            Map.entry("PartitionNodeLimit", Rule.PARTITION_NODE_LIMIT),
            Map.entry("ReqNodeNotAvail", Rule.REQ_NODE_NOT_AVAIL),
            Map.entry("Dependency", Rule.BLOCKED),
            Map.entry("DependencyNeverSatisfied", Rule.BLOCKED),
            Map.entry("BeginTime", Rule.BLOCKED),
            Map.entry("JobHeldUser", Rule.BLOCKED),
            Map.entry("JobHeldAdmin", Rule.BLOCKED),
            Map.entry("JobHoldMaxRequeue", Rule.BLOCKED),
            Map.entry("JobArrayTaskLimit", Rule.BLOCKED),
            Map.entry("Licenses", Rule.BLOCKED),
            Map.entry("PartitionDown", Rule.BLOCKED),
            Map.entry("PartitionInactive", Rule.BLOCKED),
            Map.entry("PartitionTimeLimit", Rule.BLOCKED),
            // ambiguous (can mean a config a new node would not fix); never scale on a guess
            Map.entry("PartitionConfig", Rule.BLOCKED),
            Map.entry("NodeDown", Rule.BLOCKED),
            Map.entry("BadConstraints", Rule.BLOCKED),
            Map.entry("Constraints", Rule.BLOCKED),
            Map.entry("InvalidAccount", Rule.BLOCKED),
            Map.entry("InvalidQOS", Rule.BLOCKED),
            Map.entry("QOSNotAllowed", Rule.BLOCKED),
            Map.entry("AccountNotAllowed", Rule.BLOCKED),
            Map.entry("AccountingPolicy", Rule.BLOCKED),
            Map.entry("Cleaning", Rule.BLOCKED),
            Map.entry("Prolog", Rule.BLOCKED),
            Map.entry("SchedDefer", Rule.BLOCKED),
            Map.entry("FedJobLock", Rule.BLOCKED),
            Map.entry("MpiPortsBusy", Rule.BLOCKED),
            Map.entry("NvidiaImexChannels", Rule.BLOCKED));

    /** Families of limits: every {@code QOS*}, {@code Assoc*}, {@code Max*} (per-account/user limits, MaxPoweredUpNodes), reservations, burst buffers. */
    static final List<String> PREFIXES = List.of("QOS", "Assoc", "Max", "Reservation", "BurstBuffer", "Resv");

    private EligibilityClassifier() {
    }

    public static Eligibility classify(String stateReason, String stateDescription, boolean hold, String dependency,
                                       int nodeCount, List<String> partitions, EligibilityContext ctx) {
        if (hold) {
            return Eligibility.blocked(stateReason.startsWith("JobHeld") ? stateReason : "hold (" + reasonText(stateReason) + ")");
        }
        if (dependency.contains("(unfulfilled)")) {
            // whatever state_reason says: right after sbatch it is still sbatch's ReqNodeNotAvail (24.11, 26.05)
            return Eligibility.blocked("dependency " + dependency);
        }
        Rule rule = rule(stateReason);
        return switch (rule) {
            case DEMAND -> Eligibility.demand(stateReason);
            case BLOCKED -> Eligibility.blocked(TABLE.containsKey(stateReason) || startsWithPrefix(stateReason)
                    ? stateReason : "unrecognised reason " + reasonText(stateReason));
            case PARTITION_NODE_LIMIT -> partitionNodeLimit(nodeCount, partitions, ctx);
            case REQ_NODE_NOT_AVAIL -> reqNodeNotAvail(stateDescription, partitions, ctx);
        };
    }

    static Rule rule(String stateReason) {
        Rule exact = TABLE.get(stateReason);
        if (exact != null) {
            return exact;
        }
        return Rule.BLOCKED;
    }

    private static boolean startsWithPrefix(String reason) {
        for (String p : PREFIXES) {
            if (reason.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String reasonText(String reason) {
        return reason.isEmpty() ? "no reason given" : reason;
    }

    /** Slinky's scale-from-zero signal: too few nodes exist, but the job fits the partition's limits. */
    private static Eligibility partitionNodeLimit(int nodeCount, List<String> partitions, EligibilityContext ctx) {
        boolean anyKnown = false;
        for (String name : partitions) {
            var p = ctx.partition(name);
            if (p.isEmpty()) {
                continue;
            }
            anyKnown = true;
            SlurmPartition part = p.get();
            boolean underMax = part.maxNodesPerJob() == 0 || nodeCount <= part.maxNodesPerJob();
            if (underMax && nodeCount >= part.minNodesPerJob()) {
                return Eligibility.demand("PartitionNodeLimit");
            }
        }
        return Eligibility.blocked(anyKnown
                ? "PartitionNodeLimit (node_count " + nodeCount + " outside MinNodes..MaxNodes of every candidate partition)"
                : "PartitionNodeLimit (partition " + String.join(",", partitions) + " unknown)");
    }

    private static Eligibility reqNodeNotAvail(String description, List<String> partitions, EligibilityContext ctx) {
        String shown = description.isEmpty() ? "ReqNodeNotAvail" : description;
        if (!ctx.known()) {
            return Eligibility.blocked(shown + " (no node list to judge by)");
        }
        if (description.contains("Reserved for maintenance")) {
            return Eligibility.blocked(shown);
        }
        if (description.contains("May be reserved for other job")) {
            // Slurm's fallback text when it can name no unavailable node. FUTURE nodes are never named, so a job
            // waiting for placeholders reads exactly like this (seen on 24.11). Demand only where the partition
            // has placeholders and no node in a reservation or maintenance.
            for (String p : partitions) {
                if (ctx.hasPlaceholders(p) && !ctx.hasReservedNodes(p)) {
                    return Eligibility.demand("ReqNodeNotAvail");
                }
            }
            return Eligibility.blocked(shown);
        }
        int at = description.indexOf("UnavailableNodes:");
        if (at >= 0) {
            String list = description.substring(at + "UnavailableNodes:".length()).trim();
            if (!list.isEmpty()) {
                return unavailableNodes(shown, list, ctx);
            }
        }
        if (description.contains("DOWN, DRAINED")) {
            for (String p : partitions) {
                if (ctx.hasPlaceholders(p)) {
                    return Eligibility.demand("ReqNodeNotAvail");
                }
            }
            return Eligibility.blocked(shown + " (no placeholder nodes in " + String.join(",", partitions) + ")");
        }
        return Eligibility.blocked(shown);
    }

    private static Eligibility unavailableNodes(String shown, String hostlist, EligibilityContext ctx) {
        List<String> names;
        try {
            names = Hostlist.expand(hostlist, 100_000);
        } catch (IllegalArgumentException e) {
            return Eligibility.blocked(shown + " (" + e.getMessage() + ")");
        }
        for (String n : names) {
            var kind = ctx.node(n);
            if (kind == EligibilityContext.NodeKind.RESERVED) {
                return Eligibility.blocked(shown + " (" + n + " is reserved or in maintenance)");
            }
            if (kind == EligibilityContext.NodeKind.OTHER) {
                return Eligibility.blocked(shown + " (" + n + " is not a placeholder skaler can bring up)");
            }
        }
        return names.isEmpty() ? Eligibility.blocked(shown) : Eligibility.demand("ReqNodeNotAvail");
    }
}

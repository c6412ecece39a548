package io.skaler.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order in which slurm-operator picks NodeSet pods to delete when replicas drop below the pods it has (its
 * {@code internal/controller/nodeset/utils/sort.go}, {@code ActivePods.Less}, the same from v0.4 to chart
 * slurm-1.3.0-rc1): first the pods that go first. It re-sorts on every sync, so whatever is first when it looks is
 * what it drains and deletes. skaler predicts its victims with this and the sandbox's simulated operator chooses
 * with it: one definition for both.
 */
public final class OperatorDeletionOrder {
    private OperatorDeletionOrder() {
    }

    /** The pod phases the operator tells apart; any other phase (or none) weighs as {@code Pending} does. */
    public enum Phase {
        PENDING, UNKNOWN, RUNNING;

        /** Go's map lookup of an absent phase yields 0, so Succeeded, Failed and "" rank with Pending. */
        public static Phase of(String phase) {
            if ("Running".equals(phase)) {
                return RUNNING;
            }
            return "Unknown".equals(phase) ? UNKNOWN : PENDING;
        }
    }

    /**
     * What the operator's sort looks at of one pod.
     *
     * @param assigned     {@code spec.nodeName} is set
     * @param deletionCost {@code nodeset.slinky.slurm.net/pod-deletion-cost} as the operator parses it ({@link #cost})
     * @param deadline     {@code nodeset.slinky.slurm.net/pod-deadline}, empty when absent or unparsable
     * @param cordoned     {@code nodeset.slinky.slurm.net/pod-cordon} parses as true
     * @param ordinal      from the pod name's {@code -<digits>} suffix, -1 without one
     * @param readySince   last transition of the Ready=True condition, empty when not ready or unknown
     * @param createdAt    {@code metadata.creationTimestamp}, empty when unknown
     */
    public record Pod(String name, boolean assigned, Phase phase, boolean ready, int deletionCost,
            Optional<Instant> deadline, boolean cordoned, int ordinal, Optional<Instant> readySince,
            Optional<Instant> createdAt) {
    }

    /** Deleted first comes first. */
    public static final Comparator<Pod> FIRST_DELETED = Comparator
            .comparing((Pod p) -> p.assigned()) // unassigned < assigned
            .thenComparing(Pod::phase) // Pending < Unknown < Running
            .thenComparing(Pod::ready) // not ready < ready
            .thenComparingInt(Pod::deletionCost) // lower cost < higher cost
            .thenComparing(Pod::deadline, zeroFirst(Comparator.naturalOrder())) // earlier deadline, none first
            .thenComparing(p -> !p.cordoned()) // cordoned < not cordoned
            .thenComparing(Comparator.comparingInt(Pod::ordinal).reversed()) // higher ordinal first
            .thenComparing((a, b) -> a.ready() && b.ready()
                    ? zeroFirst(Comparator.<Instant>reverseOrder()).compare(a.readySince(), b.readySince()) : 0)
            .thenComparing(Pod::createdAt, zeroFirst(Comparator.reverseOrder())); // newer first, unknown first

    /** The {@code count} pods the operator deletes first. */
    public static List<Pod> victims(List<Pod> pods, int count) {
        return pods.stream().sorted(FIRST_DELETED).limit(Math.max(0, count)).toList();
    }

    private static final Pattern ORDINAL = Pattern.compile("(.*)-([0-9]+)$");

    /** The ordinal of a NodeSet pod name ({@code <nodeset>-<n>}), -1 when the name has none. */
    public static int ordinal(String podName) {
        Matcher m = ORDINAL.matcher(podName);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1; // too many digits: Go's Atoi fails the same way
        }
    }

    /**
     * A deletion-cost value as the operator reads it: a base-10 int32 without a plus sign or leading zeros; anything
     * else, or no annotation, is 0.
     */
    public static int cost(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        char c = value.charAt(0);
        boolean validFirst = c == '-' || value.equals("0") || (c >= '1' && c <= '9');
        if (!validFirst) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A boolean annotation as Go's {@code strconv.ParseBool} reads it; anything else is false. */
    public static boolean parseBool(String value) {
        return value != null && List.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }

    /** Empty (Go's zero time) sorts before every time, as it does in the operator's comparisons. */
    private static Comparator<Optional<Instant>> zeroFirst(Comparator<Instant> order) {
        return (a, b) -> {
            if (a.isEmpty() || b.isEmpty()) {
                return Boolean.compare(a.isPresent(), b.isPresent());
            }
            return order.compare(a.get(), b.get());
        };
    }
}

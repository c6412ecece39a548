package io.skaler.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Learns how long a NodeSet takes from asking for a node to the node being usable in Slurm, from the cluster's own
 * timestamps: asked = the pod's creation (slurm-operator creates it when {@code spec.replicas} rises), or the
 * NodeClaim's creation when that is earlier; usable = the Slurm node's registration ({@code slurmd_start_time}, once
 * the node is up), else, when Slurm shows nothing of the pod, its Ready condition (the slurmd container's readiness
 * probe). Pure: {@link BootTimeSamples} in, samples out.
 *
 * <p>Each launch counts once: the samples remember the latest ask time counted ({@code through}), so a restarted
 * skaler, or a pod whose slurmd restarts (a new Ready transition on an old pod), adds nothing. A launch still
 * coming holds {@code through} before it, so a faster later launch does not make it be skipped. A launch slower
 * than {@code ceiling} (not a boot: a stuck launch, or a pod that restarted before it was counted) is an outlier and dropped, as is
 * one that would be negative (clock skew). The estimate is the p90 of the last {@link #WINDOW} samples, once there
 * are {@link #MIN_SAMPLES}: a few slow boots stretch the look-ahead, a single one beyond p90 does not.
 */
public final class BootTimeLearner {
    public static final int WINDOW = 20;
    public static final int MIN_SAMPLES = 3;

    /** One node asked for: when, and when it became usable (empty while it is still coming). */
    public record Launch(String pod, Instant askedAt, Optional<Instant> usableAt) {
    }

    private BootTimeLearner() {
    }

    /** {@code prior} with every launch not yet counted that has become usable, oldest first, window applied. */
    public static BootTimeSamples learn(BootTimeSamples prior, List<Launch> launches, Instant now, Duration ceiling) {
        List<Launch> fresh = new ArrayList<>(launches.stream()
                .filter(l -> l.askedAt().isAfter(prior.through()))
                .sorted(Comparator.comparing(Launch::askedAt).thenComparing(Launch::pod))
                .toList());
        List<Long> seconds = new ArrayList<>(prior.seconds());
        Instant through = prior.through();
        for (Launch l : fresh) {
            if (l.usableAt().isEmpty()) {
                if (Duration.between(l.askedAt(), now).compareTo(ceiling) <= 0) {
                    break; // still coming: count nothing after it yet
                }
                through = l.askedAt(); // never arrived: presumed failed, not a boot time
                continue;
            }
            Duration took = Duration.between(l.askedAt(), l.usableAt().get());
            if (!took.isNegative() && took.compareTo(ceiling) <= 0) {
                seconds.add(took.toSeconds());
            }
            through = l.askedAt();
        }
        if (seconds.size() > WINDOW) {
            seconds = new ArrayList<>(seconds.subList(seconds.size() - WINDOW, seconds.size()));
        }
        return new BootTimeSamples(seconds, through);
    }

    /** The p90 (nearest rank) of the samples, once there are enough to trust. */
    public static Optional<Duration> estimate(BootTimeSamples samples) {
        List<Long> sorted = samples.seconds().stream().sorted().toList();
        if (sorted.size() < MIN_SAMPLES) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(0.9 * sorted.size());
        return Optional.of(Duration.ofSeconds(sorted.get(rank - 1)));
    }

    /**
     * What Slurm shows of a pod's node: when its slurmd started (reported at registration) and whether it is up now
     * (registered, not down nor unresponsive).
     */
    public record Registration(Instant slurmdStartedAt, boolean up) {
    }

    /**
     * When the pod's node became usable: Slurm's word when Slurm shows this pod's slurmd registered (its start not
     * before the pod: an older one is the record a previous pod of the same name left), then its start time if it is
     * up, else not yet; the pod's Ready condition when Slurm shows nothing of it (no record, not joined).
     */
    public static Optional<Instant> usable(Instant podCreated, Optional<Instant> podReady,
            Optional<Registration> slurm) {
        Optional<Registration> mine = slurm.filter(r -> !r.slurmdStartedAt().isBefore(podCreated));
        if (mine.isPresent()) {
            return mine.get().up() ? Optional.of(mine.get().slurmdStartedAt()) : Optional.empty();
        }
        return podReady;
    }

    /** The earlier of the pod's creation and its NodeClaim's, when known. */
    public static Instant asked(Instant podCreated, Optional<Instant> nodeClaimCreated) {
        return nodeClaimCreated.filter(c -> c.isBefore(podCreated)).orElse(podCreated);
    }
}

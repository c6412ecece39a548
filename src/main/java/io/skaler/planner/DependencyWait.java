package io.skaler.planner;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a job held by a dependency may start: only when every unfulfilled part waits for a running job whose end Slurm
 * knows ({@code afterok}/{@code afterany} at its {@code end_time}, {@code after:ID+M} M minutes after its start), at
 * the latest of those. Slurm prints each part as {@code type:id[+minutes](state)}, joined by {@code ,} (all of) or
 * {@code ?} (any of), e.g. {@code afterok:3(unfulfilled),afterany:4(unfulfilled)} (24.11, 26.05). Anything else
 * (a pending job, {@code singleton}, {@code afternotok}, any-of) keeps the job excluded, saying why.
 */
final class DependencyWait {
    static final DependencyWait NONE = new DependencyWait(Map.of(), Set.of());

    private final Map<Long, RunningJob> running;
    private final Set<Long> pending;

    private DependencyWait(Map<Long, RunningJob> running, Set<Long> pending) {
        this.running = running;
        this.pending = pending;
    }

    static DependencyWait of(List<RunningJob> runningJobs, List<PendingJob> pendingJobs) {
        Map<Long, RunningJob> byId = new HashMap<>();
        runningJobs.forEach(r -> byId.put(r.jobId(), r));
        Set<Long> ids = new HashSet<>();
        pendingJobs.forEach(j -> ids.add(j.jobId()));
        return new DependencyWait(Map.copyOf(byId), Set.copyOf(ids));
    }

    /** Empty when the job has no unfulfilled dependency. */
    Optional<Wait> of(PendingJob job) {
        String text = job.dependency();
        if (!text.contains("(unfulfilled)")) {
            return Optional.empty();
        }
        String held = "dependency " + text;
        if (text.contains("?")) {
            return never(held, "any-of dependencies (?) are not counted ahead");
        }
        long at = job.eligibleTime();
        List<String> ends = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.endsWith("(unfulfilled)")) {
                continue; // met already
            }
            String body = part.substring(0, part.length() - "(unfulfilled)".length());
            int colon = body.indexOf(':');
            String type = colon < 0 ? body : body.substring(0, colon);
            if (colon < 0) {
                return never(held, type + " is not counted ahead");
            }
            for (String target : body.substring(colon + 1).split(":")) {
                var when = when(type, target);
                if (when.reason != null) {
                    return never(held, when.reason);
                }
                at = Math.max(at, when.at);
                ends.add(when.what);
            }
        }
        if (ends.isEmpty()) {
            return Optional.empty();
        }
        // held before the dependency is looked at (JobHeld*, hold (...)) means another reason holds it too
        boolean onlyThis = job.eligibility().demand() || job.eligibility().reason().startsWith("dependency ");
        return Optional.of(new Wait.Until(Instant.ofEpochSecond(at), String.join(", ", ends), onlyThis,
                job.eligibility().reason()));
    }

    private record When(long at, String what, String reason) {
    }

    private When when(String type, String target) {
        int plus = target.indexOf('+');
        String idText = plus < 0 ? target : target.substring(0, plus);
        long id;
        long minutes;
        try {
            id = Long.parseLong(idText);
            minutes = plus < 0 ? 0 : Long.parseLong(target.substring(plus + 1));
        } catch (NumberFormatException e) {
            return new When(0, "", "cannot read \"" + type + ":" + target + "\"");
        }
        switch (type) {
            case "afterok", "afterany", "after" -> { }
            case "afternotok" -> {
                return new When(0, "", "afternotok:" + id + " runs only if job " + id + " fails: not counted ahead");
            }
            default -> {
                return new When(0, "", type + " is not counted ahead");
            }
        }
        RunningJob r = running.get(id);
        if (r == null) {
            return new When(0, "", "job " + id + (pending.contains(id) ? " has not started" : " is not known to run"));
        }
        if (type.equals("after")) {
            long start = r.startTime() + minutes * 60;
            return new When(start, "job " + id + " has run " + minutes + "m", null);
        }
        if (!r.endKnown()) {
            return new When(0, "", "job " + id + " runs without a time limit: its end is unknown");
        }
        return new When(r.endTime(), "job " + id + " ends", null);
    }

    private static Optional<Wait> never(String held, String why) {
        return Optional.of(new Wait.Never(held + " (" + why + ")"));
    }
}

package io.skaler.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a condition that repeats every cycle (no policy, a stale source, a timeout) into log lines an operator can
 * read: one line when it begins, a reminder at most every {@code reminderEvery} while it lasts, one line when it
 * ends. Without it a service with no policy logged the same warning every 2 s forever.
 */
final class ConditionLog {
    /** What to log now, if anything. */
    record Line(Level level, String text) {
    }

    enum Level {
        INFO,
        WARN
    }

    private final Duration reminderEvery;
    private String current = "";
    private Instant since = Instant.EPOCH;
    private Instant lastLogged = Instant.EPOCH;

    ConditionLog(Duration reminderEvery) {
        this.reminderEvery = reminderEvery;
    }

    /**
     * @param condition a short, stable name of the condition in force ({@code ""} when all is well)
     * @param detail what is wrong now (logged when the condition begins and in reminders)
     */
    Optional<Line> observe(String condition, String detail, Instant at) {
        if (condition.equals(current)) {
            if (current.isEmpty() || Duration.between(lastLogged, at).compareTo(reminderEvery) < 0) {
                return Optional.empty();
            }
            lastLogged = at;
            return Optional.of(new Line(Level.WARN, "still " + current + " after " + took(since, at) + ": " + detail));
        }
        String ended = current;
        Instant endedSince = since;
        current = condition;
        since = at;
        lastLogged = at;
        if (condition.isEmpty()) {
            return Optional.of(new Line(Level.INFO, ended + " ended after " + took(endedSince, at)));
        }
        String prefix = ended.isEmpty() ? "" : ended + " ended after " + took(endedSince, at) + "; ";
        return Optional.of(new Line(Level.WARN, prefix + condition + ": " + detail));
    }

    private static String took(Instant from, Instant to) {
        long s = Math.max(0, Duration.between(from, to).toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" + (s % 60 > 0 ? (s % 60) + "s" : "") : (s / 3600) + "h"
                + ((s % 3600) / 60 > 0 ? ((s % 3600) / 60) + "m" : "");
    }
}

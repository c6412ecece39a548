package io.skaler.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one write with the rules every write follows: a token from the rate limiter per attempt, retries with
 * exponential backoff on 409 (conflict), 429 and 5xx or a lost connection (bounded by {@code maxAttempts}), no retry on
 * anything else, a metric and a log line for the outcome. The attempt itself re-reads the object (fresh
 * resourceVersion) and returns false when there is nothing to change any more. Leadership is checked before every
 * attempt, not only once per plan: a lease lost between two steps of a scale-in stops the second step.
 */
final class KubeWriter {
    private static final Logger LOG = Logger.getLogger(KubeWriter.class);

    /** One try: read, compare, write with the read resourceVersion. Returns false when nothing needed writing. */
    @FunctionalInterface
    interface Attempt {
        boolean run();
    }

    /**
     * How one write ended, in the report's own words: {@code WRITTEN}, {@code UNCHANGED}, {@code REFUSED},
     * {@code FAILED} or {@code NOT_LEADER}.
     */
    record Done(Outcome outcome, int attempts, String detail) {
        /** The object is as wanted now, whether this write changed it or it already was. */
        boolean ok() {
            return outcome == Outcome.WRITTEN || outcome == Outcome.UNCHANGED;
        }
    }

    /** Thrown by an attempt when a precondition no longer holds; the write is abandoned, not retried. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final ExecutorSettings settings;
    private final TokenBucket bucket;
    private final Sleeper sleeper;
    private final KubeMetrics metrics;
    private final Leadership leadership;

    KubeWriter(ExecutorSettings settings, TokenBucket bucket, Sleeper sleeper, KubeMetrics metrics,
            Leadership leadership) {
        this.leadership = leadership;
        this.settings = settings;
        this.bucket = bucket;
        this.sleeper = sleeper;
        this.metrics = metrics;
    }

    Done write(String kind, String verb, String target, String why, Attempt attempt) {
        Duration backoff = settings.initialBackoff();
        for (int n = 1; ; n++) {
            try {
                bucket.acquire();
                if (!leadership.isLeader()) {
                    LOG.warnf("%s %s %s not written: this instance lost the leader lease", verb, kind, target);
                    return new Done(Outcome.NOT_LEADER, n, "lost the leader lease: not written");
                }
                if (!attempt.run()) {
                    return new Done(Outcome.UNCHANGED, n, "already as wanted");
                }
                metrics.write(kind, verb, "ok");
                LOG.infof("%s %s %s: %s", verb, kind, target, why);
                return new Done(Outcome.WRITTEN, n, why);
            } catch (Refused e) {
                metrics.write(kind, verb, "refused");
                LOG.warnf("%s %s %s refused: %s", verb, kind, target, e.getMessage());
                return new Done(Outcome.REFUSED, n, e.getMessage());
            } catch (KubernetesClientException e) {
                String reason = retryReason(e.getCode());
                if (e.getCode() == 422) {
                    metrics.write(kind, verb, "refused");
                    LOG.warnf("%s %s %s rejected by the API server (422): %s", verb, kind, target, e.getMessage());
                    return new Done(Outcome.REFUSED, n, "rejected by the API server (422): " + e.getMessage());
                }
                if (reason == null || n >= settings.maxAttempts()) {
                    metrics.write(kind, verb, "failed");
                    LOG.warnf("%s %s %s failed after %d attempt(s): HTTP %d %s", verb, kind, target, n, e.getCode(),
                            e.getMessage());
                    return new Done(Outcome.FAILED, n, "HTTP " + e.getCode() + ": " + e.getMessage());
                }
                metrics.retry(kind, reason);
                LOG.debugf("%s %s %s: %s (HTTP %d), retrying in %s", verb, kind, target, reason, e.getCode(),
                        backoff);
                if (!pause(backoff)) {
                    return new Done(Outcome.FAILED, n, "interrupted");
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                        ? settings.maxBackoff() : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Done(Outcome.FAILED, n, "interrupted");
            }
        }
    }

    private boolean pause(Duration d) {
        try {
            sleeper.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Transient failures worth another try, as a closed metric label; null when retrying cannot help. */
    static String retryReason(int code) {
        if (code == 409) {
            return "conflict";
        }
        if (code == 429) {
            return "throttled";
        }
        if (code >= 500 && code <= 599) {
            return "server_error";
        }
        if (code == 0) {
            return "connection";
        }
        return null;
    }
}

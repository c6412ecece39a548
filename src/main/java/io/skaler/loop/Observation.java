package io.skaler.loop;

import java.time.Instant;
import io.skaler.metrics.Labels.Source;

/**
 * What one read of a source gave: a fresh value, or the reason there is none. A cycle acts only when every
 * source it needs is {@link Fresh}; anything else holds capacity where it is.
 */
public sealed interface Observation<T> {
    record Fresh<T>(T value, Instant at) implements Observation<T> {
    }

    /** The source could not be read, or its view is stale or partial (a watch broke, not yet synced). */
    record Unavailable<T>(Source source, String reason) implements Observation<T> {
    }

    static <T> Observation<T> fresh(T value, Instant at) {
        return new Fresh<>(value, at);
    }

    static <T> Observation<T> unavailable(Source source, String reason) {
        return new Unavailable<>(source, reason);
    }
}

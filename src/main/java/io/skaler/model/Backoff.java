package io.skaler.model;

import java.time.Instant;

/**
 * A change to a NodeSet's provisioning backoff, which the executor writes to the NodeSet's annotations
 * ({@code skaler.io/backoff-until}, {@code skaler.io/backoff-level}) so a restart re-derives it.
 *
 * @param level  consecutive failures; 0 clears the backoff (capacity arrived again)
 * @param until  no new nodes are asked of the NodeSet before this instant (meaningless when {@code level == 0})
 * @param reason a sentence a person can read
 */
public record Backoff(int level, Instant until, String reason) {
    public Backoff {
        if (level < 0) {
            throw new IllegalArgumentException("backoff level must be >= 0, got " + level);
        }
    }

    public boolean clears() {
        return level == 0;
    }
}

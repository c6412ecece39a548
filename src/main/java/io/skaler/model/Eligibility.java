package io.skaler.model;

/**
 * Whether more nodes would let a pending job run, and why. {@code reason} is Slurm's {@code state_reason}
 * (or a skaler reason such as {@code "hold"} or {@code "dependency"}), kept so a plan can say why a job was not counted.
 */
public record Eligibility(boolean demand, String reason) {
    public Eligibility {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("eligibility needs a reason");
        }
    }

    /** Held by a user or admin ({@code JobHeld*}, or {@code hold (...)} as the reader writes other holds). */
    public boolean held() {
        return reason.startsWith("JobHeld") || reason.startsWith("hold (");
    }

    public static Eligibility demand(String reason) {
        return new Eligibility(true, reason);
    }

    public static Eligibility blocked(String reason) {
        return new Eligibility(false, reason);
    }
}

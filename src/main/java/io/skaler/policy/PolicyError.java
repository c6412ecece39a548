package io.skaler.policy;

/**
 * One thing wrong with a policy: where ({@code partitions[0].nodeSets[1].maxReplicas}) and why.
 * {@code path} is {@code ""} when the problem is the document as a whole (a YAML syntax error, an empty text).
 */
public record PolicyError(String path, String reason) {
    public PolicyError {
        path = path == null ? "" : path;
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a policy error needs a reason");
        }
    }

    @Override
    public String toString() {
        return path.isEmpty() ? reason : path + ": " + reason;
    }
}

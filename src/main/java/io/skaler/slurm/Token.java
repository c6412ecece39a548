package io.skaler.slurm;

/**
 * A slurmrestd JWT. {@link #toString()} hides the value, so a token that ends up in a log line or an exception
 * message by accident says only that it was a token.
 */
public record Token(String value) {
    public Token {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("token must not be empty");
        }
    }

    @Override
    public String toString() {
        return "Token[redacted, " + value.length() + " chars]";
    }
}

package io.skaler.slurm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The slurmrestd OpenAPI data_parser versions skaler speaks. Each Slurm release serves three or four of them
 * (24.11: 40-42, 25.05: 40-43, 25.11: 41-44, 26.05: 42-45), so the client negotiates one or takes a pinned one.
 */
public enum ApiVersion {
    V0_0_40("v0.0.40"),
    V0_0_41("v0.0.41"),
    V0_0_42("v0.0.42"),
    V0_0_43("v0.0.43"),
    V0_0_44("v0.0.44"),
    V0_0_45("v0.0.45");

    private final String text;

    ApiVersion(String text) {
        this.text = text;
    }

    /** As in the URL path, {@code v0.0.42}. */
    public String text() {
        return text;
    }

    /** As it appears in logs and metric labels: the same as {@link #text()}. */
    public String label() {
        return text;
    }

    /** The path prefix of every endpoint of this version, without a trailing slash. */
    public String basePath() {
        return "/slurm/" + text;
    }

    /**
     * v0.0.40 and v0.0.41 reject an epoch number for {@code update_time} (HTTP 422 "Parsing of ... for timestamp
     * failed") and want a Slurm time string; v0.0.42 and later take epoch seconds.
     */
    public boolean takesEpochUpdateTime() {
        return compareTo(V0_0_42) >= 0;
    }

    /**
     * Whether a job record says {@code --exclusive}: v0.0.40/41 in {@code exclusive}, v0.0.41-44 as {@code "none"} in
     * {@code shared}. v0.0.45 (Slurm 26.05) keeps {@code shared} only as a deprecated field that is always {@code []}
     * and has neither {@code exclusive} nor {@code oversubscribe}: an exclusive job reads like any other there.
     */
    public boolean showsExclusivity() {
        return compareTo(V0_0_44) <= 0;
    }

    /** All versions, newest first: the order in which negotiation probes. */
    public static List<ApiVersion> newestFirst() {
        ApiVersion[] all = values();
        ApiVersion[] reversed = new ApiVersion[all.length];
        for (int i = 0; i < all.length; i++) {
            reversed[i] = all[all.length - 1 - i];
        }
        return List.of(reversed);
    }

    /**
     * Reads {@code meta.plugin.data_parser} ({@code "data_parser/v0.0.42"}) or a bare {@code "v0.0.42"};
     * empty when the text names no supported version.
     */
    public static Optional<ApiVersion> fromDataParser(String dataParser) {
        String v = dataParser.startsWith("data_parser/") ? dataParser.substring("data_parser/".length()) : dataParser;
        for (ApiVersion a : values()) {
            if (a.text.equals(v)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Parses a configured version: {@code v0.0.42} (also {@code 0.0.42} or {@code v0042}); the error names the accepted values. */
    public static ApiVersion parse(String text) {
        String t = text.trim().toLowerCase();
        for (ApiVersion v : values()) {
            String compact = v.text.replace(".", "");
            if (t.equals(v.text) || t.equals(v.text.substring(1)) || t.equals(compact)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported slurmrestd API version '" + text + "'; expected one of "
                + Arrays.stream(values()).map(ApiVersion::text).toList());
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.skaler.slurm;

import java.util.Optional;

/** The slurmrestd OpenAPI (data_parser) versions skaler reads. */
public enum ApiVersion {
    V0_0_40("v0.0.40"),
    V0_0_41("v0.0.41"),
    V0_0_42("v0.0.42"),
    V0_0_43("v0.0.43"),
    V0_0_44("v0.0.44");

    private final String text;

    ApiVersion(String text) {
        this.text = text;
    }

    /** As in the URL path, {@code v0.0.42}. */
    public String text() {
        return text;
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

    @Override
    public String toString() {
        return text;
    }
}

package io.skaler.testing;

import io.skaler.slurm.ApiVersion;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Slurm release the real-Slurm tests run against, from the system property {@code skaler.realSlurm.release}
 * ({@code 24.11}, the default, or {@code 26.05}; deploy/dev/slurm's {@code SKALER_SLURM}), with the slurmrestd API
 * versions it serves as measured on the dev cluster (the others answer 404; {@code RealSlurmReleaseRealSlurmTest}
 * checks this list against the running slurmrestd).
 */
public enum RealSlurmRelease {
    SLURM_24_11("24.11", List.of("v0.0.40", "v0.0.41", "v0.0.42")),
    SLURM_26_05("26.05", List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"));

    public static final String PROPERTY = "skaler.realSlurm.release";

    private final String name;
    private final List<String> served;

    RealSlurmRelease(String name, List<String> served) {
        this.name = name;
        this.served = served;
    }

    public static RealSlurmRelease fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "24.11").strip().toLowerCase(Locale.ROOT);
        for (RealSlurmRelease r : values()) {
            if (r.name.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("system property " + PROPERTY + "=" + value
                + " is not a release the dev Slurm runs: 24.11 or 26.05");
    }

    /** As deploy/dev/slurm names it ({@code SKALER_SLURM}), e.g. {@code 26.05}. */
    public String text() {
        return name;
    }

    /** Every API version this release's slurmrestd serves, oldest first, whether or not skaler reads it. */
    public List<String> servedVersions() {
        return served;
    }

    /** The served versions skaler reads, oldest first: what field-by-field tests read the same jobs through. */
    public List<ApiVersion> apiVersions() {
        return served.stream().map(ApiVersion::fromDataParser).flatMap(Optional::stream).toList();
    }

    /** The newest served version skaler reads. */
    public ApiVersion newestApiVersion() {
        List<ApiVersion> all = apiVersions();
        return all.get(all.size() - 1);
    }

    @Override
    public String toString() {
        return "Slurm " + name;
    }
}

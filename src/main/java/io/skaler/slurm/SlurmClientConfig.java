package io.skaler.slurm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** How skaler reaches slurmrestd and Slurm's metrics; every key with its default is listed in docs/slurm.md. */
@ConfigMapping(prefix = "skaler.slurm")
public interface SlurmClientConfig {

    /** slurmrestd's base URL (Slinky: {@code http://slurm-restapi.slurm:6820}). */
    @WithDefault("http://localhost:6820")
    URI url();

    /** {@code auto} to negotiate (newest served that shows exclusive jobs), or a version to pin: {@code v0.0.40} ... {@code v0.0.45}. */
    @WithDefault("auto")
    String apiVersion();

    /**
     * A PEM file with the CA certificate(s) slurmrestd's certificate chains to. When set, an https URL is trusted
     * against these only (host names still checked); unset, the JDK's default CAs apply.
     */
    Optional<Path> caBundle();

    @WithDefault("2s")
    Duration connectTimeout();

    /** The longest wait for a whole answer, first byte to last; a 10k-job list takes about 6 s to build. */
    @WithDefault("60s")
    Duration readTimeout();

    /**
     * The read timeout of the whole {@code jobs/state} skaler lists once after each start: slurmrestd builds it in
     * time that grows faster than the queue (53 s at 100,000 jobs idle, minutes when loaded).
     */
    @WithDefault("5m")
    Duration listingTimeout();

    /** Answers larger than this are refused (100k pending jobs are about 470 MB compact). */
    @WithDefault("1073741824")
    long maxResponseBytes();

    /** slurmctld's time zone: v0.0.40/41 take {@code update_time} only as a local time string. */
    @WithDefault("UTC")
    ZoneId timeZone();

    /** A full job read without {@code update_time} at least this often, whatever the change detection says. */
    @WithDefault("10m")
    Duration fullReadInterval();

    Jobs jobs();

    Auth auth();

    /** How the job list is read: whole while small, incrementally once large (docs/slurm.md, "Large queues"). */
    interface Jobs {
        /**
         * Above this many jobs (every job and array task Slurm lists, running or not) the list is no longer read
         * whole: slurmrestd spends 0.4-0.8 ms and keeps about 140 KiB per job of a full answer.
         */
        @WithDefault("1000")
        int incrementalAbove();

        /** Incremental: how often every job's state is read ({@code jobs/state}, about 37 bytes per job). */
        @WithDefault("60s")
        Duration fullStateInterval();

        /** Incremental: the time per cycle for reading single jobs ({@code job/{id}}, about 5 ms each). */
        @WithDefault("1500ms")
        Duration readBudget();

        /** Incremental: single-job re-reads per second that catch holds, releases and updates. */
        @WithDefault("20")
        double rechecksPerSecond();
    }

    Metrics metrics();

    interface Auth {
        /** A file holding the JWT (re-read when it changes); exclusive with {@link #keyFile()}. */
        Optional<Path> tokenFile();

        /** Slurm's HS256 key ({@code jwt_hs256.key}, raw bytes) to mint tokens from; exclusive with {@link #tokenFile()}. */
        Optional<Path> keyFile();

        /** The Slurm user minted tokens are for ({@code sun}); node updates need SlurmUser or root. */
        @WithDefault("slurm")
        String user();

        /** Lifetime of a minted token; it is renewed after four fifths of it. */
        @WithDefault("15m")
        Duration tokenLifetime();

        /** Sent as {@code X-SLURM-USER-NAME} when set; it must match the token's user. */
        Optional<String> userName();
    }

    interface Metrics {
        /** Read Slurm's pending-jobs-per-partition metrics as a cross-check. */
        @WithDefault("false")
        boolean enabled();

        /** E.g. {@code http://slurm-controller:6817/metrics/partitions} (Slurm 25.11+) or slurm-exporter's {@code /metrics}. */
        Optional<URI> url();
    }
}

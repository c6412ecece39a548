package io.skaler.slurm;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Builds the Slurm client, its token source and the optional metrics reader from {@link SlurmClientConfig}. */
@ApplicationScoped
public class SlurmClientProducer {

    private static final Logger LOG = Logger.getLogger(SlurmClientProducer.class);

    @Produces
    @Singleton
    SlurmClient slurmClient(SlurmClientConfig config, MeterRegistry registry) {
        return new SlurmClient(settings(config), tokenSource(config.auth(), Clock.systemUTC()), registry);
    }

    @Produces
    @Singleton
    SlurmReader slurmReader(SlurmClient client, SlurmClientConfig config) {
        ParseLimits limits = new ParseLimits(config.maxResponseBytes(), ParseLimits.DEFAULT.maxStringLength());
        return new SlurmReader(client, limits, config.fullReadInterval(), Clock.systemUTC(),
                config.jobs().incrementalAbove(), incrementalSettings(config.jobs()));
    }

    @Produces
    @Singleton
    Optional<SlurmMetricsReader> slurmMetricsReader(SlurmClientConfig config, MeterRegistry registry) {
        return metricsReader(config, registry);
    }

    /** The incremental reading settings; errors name the key and the reason. */
    static IncrementalJobs.Settings incrementalSettings(SlurmClientConfig.Jobs jobs) {
        if (jobs.incrementalAbove() < 0) {
            throw new IllegalArgumentException("skaler.slurm.jobs.incremental-above: must be >= 0, got "
                    + jobs.incrementalAbove());
        }
        if (jobs.fullStateInterval().isNegative() || jobs.fullStateInterval().isZero()) {
            throw new IllegalArgumentException("skaler.slurm.jobs.full-state-interval: must be positive, got "
                    + jobs.fullStateInterval());
        }
        if (jobs.readBudget().isNegative() || jobs.readBudget().isZero()) {
            throw new IllegalArgumentException("skaler.slurm.jobs.read-budget: must be positive, got "
                    + jobs.readBudget());
        }
        if (!(jobs.rechecksPerSecond() > 0)) {
            throw new IllegalArgumentException("skaler.slurm.jobs.rechecks-per-second: must be > 0, got "
                    + jobs.rechecksPerSecond());
        }
        var d = IncrementalJobs.Settings.DEFAULTS;
        return new IncrementalJobs.Settings(d.probeWindow(), d.maxProbes(), d.hotChunk(), jobs.fullStateInterval(),
                jobs.readBudget(), jobs.rechecksPerSecond(), d.parallelReads());
    }

    /** Checks the config once; errors name the key and the reason. */
    public static SlurmClientSettings settings(SlurmClientConfig config) {
        String v = config.apiVersion().trim();
        Optional<ApiVersion> pinned;
        try {
            pinned = "auto".equalsIgnoreCase(v) ? Optional.empty() : Optional.of(ApiVersion.parse(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("skaler.slurm.api-version: " + e.getMessage() + " or 'auto'", e);
        }
        if (config.caBundle().isPresent() && !"https".equals(config.url().getScheme())) {
            LOG.warnf("skaler.slurm.ca-bundle is set but skaler.slurm.url (%s) is not https: the bundle is not used",
                    config.url());
        }
        return new SlurmClientSettings(config.url(), pinned, config.connectTimeout(), config.readTimeout(),
                config.maxResponseBytes(), config.timeZone(), config.caBundle().map(CaBundle::load),
                config.listingTimeout());
    }

    public static TokenSource tokenSource(SlurmClientConfig.Auth auth, Clock clock) {
        if (auth.tokenFile().isPresent() && auth.keyFile().isPresent()) {
            throw new IllegalArgumentException(
                    "skaler.slurm.auth.token-file and skaler.slurm.auth.key-file are both set; choose one");
        }
        if (auth.tokenFile().isPresent()) {
            return new TokenFile(auth.tokenFile().get(), auth.userName());
        }
        if (auth.keyFile().isPresent()) {
            return new JwtMinter(auth.keyFile().get(), auth.user(), auth.tokenLifetime(), auth.userName(), clock);
        }
        LOG.warn("neither skaler.slurm.auth.token-file nor skaler.slurm.auth.key-file is set: "
                + "requests carry no token and slurmrestd will refuse them (HTTP 401)");
        return TokenSource.none();
    }

    public static Optional<SlurmMetricsReader> metricsReader(SlurmClientConfig config, MeterRegistry registry) {
        if (!config.metrics().enabled()) {
            return Optional.empty();
        }
        return Optional.of(new SlurmMetricsReader(config.metrics().url().orElseThrow(() -> new IllegalArgumentException(
                "skaler.slurm.metrics.url: required when skaler.slurm.metrics.enabled=true")), settings(config), registry));
    }
}

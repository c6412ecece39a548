package io.skaler.testing;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link RealSlurm}: {@code @ExtendWith(RealSlurmExtension.class)} on a class named
 * {@code *RealSlurmTest}, then a {@code RealSlurm} parameter on a test or {@code @BeforeEach} method (not
 * {@code @BeforeAll}: a skip there would hide the tests from the reports).
 *
 * <p>The cluster starts once per test run (it lives in the root store, which stops it at the end) and is reset
 * before every test: no jobs, only cpu-0 up. Where the machine cannot host it the tests are skipped with the reason
 * ({@code -Dskaler.realSlurm=auto}), or fail ({@code required}).
 */
public final class RealSlurmExtension implements BeforeEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(RealSlurmExtension.class);

    // Decided per test, not in beforeAll: surefire counts a class aborted in beforeAll as zero tests, not as skipped.
    @Override
    public void beforeEach(ExtensionContext context) {
        cluster(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealSlurm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private static RealSlurm cluster(ExtensionContext context) {
        Outcome outcome = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Outcome.class, k -> decide(), Outcome.class);
        if (outcome instanceof Outcome.Running running) {
            return running.slurm();
        }
        if (outcome instanceof Outcome.Skipped skipped) {
            Assumptions.abort("real Slurm not available: " + skipped.reason());
        }
        Outcome.Failed failed = (Outcome.Failed) outcome;
        String mode = failed.mode().name().toLowerCase(Locale.ROOT);
        throw new IllegalStateException("real Slurm failed to start (skaler.realSlurm=" + mode + "): "
                + failed.cause().getMessage(), failed.cause());
    }

    private static Outcome decide() {
        RealSlurmMode mode;
        try {
            mode = RealSlurmMode.fromSystemProperty();
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(RealSlurmMode.REQUIRED, e);
        }
        if (mode == RealSlurmMode.OFF) {
            return skipped("switched off by -D" + RealSlurmMode.PROPERTY + "=off");
        }
        var obstacle = RealSlurmMode.machineObstacle();
        if (obstacle.isPresent()) {
            return mode == RealSlurmMode.REQUIRED
                    ? new Outcome.Failed(mode, new IllegalStateException(obstacle.get()))
                    : skipped(obstacle.get() + " (-D" + RealSlurmMode.PROPERTY + "=auto)");
        }
        RealSlurmRelease release;
        try {
            release = RealSlurmRelease.fromSystemProperty();
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(mode, e);
        }
        try {
            RealSlurm slurm = RealSlurm.start(release);
            System.err.println("[real-slurm] " + release + " started at " + slurm.baseUrl());
            return new Outcome.Running(slurm);
        } catch (RuntimeException e) {
            return new Outcome.Failed(mode, e);
        }
    }

    private static Outcome skipped(String reason) {
        System.err.println("[real-slurm] real-Slurm tests skipped: " + reason);
        return new Outcome.Skipped(reason);
    }

    /** What this run decided, once; the root store closes it (stopping the cluster) when the run ends. */
    private sealed interface Outcome extends AutoCloseable {
        record Running(RealSlurm slurm) implements Outcome {
            @Override
            public void close() {
                slurm.close();
            }
        }

        record Skipped(String reason) implements Outcome {
        }

        record Failed(RealSlurmMode mode, RuntimeException cause) implements Outcome {
        }

        @Override
        default void close() {
        }
    }
}

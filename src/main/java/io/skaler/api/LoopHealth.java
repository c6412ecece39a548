package io.skaler.api;

import io.skaler.loop.AutoscalerService;
import io.skaler.loop.LoopConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Probes that mean something. Ready: the Kubernetes view has synced and a cycle succeeded recently (leader or
 * follower alike). Live: the loop is running at all; a stale source makes an instance unready, never restarts it.
 */
public final class LoopHealth {
    private LoopHealth() {
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        AutoscalerService service;
        @Inject
        LoopConfig config;

        @Override
        public HealthCheckResponse call() {
            var builder = HealthCheckResponse.named("skaler-loop");
            var a = service.autoscaler();
            if (a.isEmpty()) {
                return builder.down().withData("reason", "loop not running").build();
            }
            var stale = a.get().kubeStaleReason();
            if (stale.isPresent()) {
                return builder.down().withData("reason", "kubernetes: " + stale.get()).build();
            }
            if (!a.get().ready(config.readinessMaxAge())) {
                return builder.down().withData("reason", "no successful cycle within "
                        + config.readinessMaxAge()).build();
            }
            return builder.up().withData("leader", a.get().status().leader()).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject
        AutoscalerService service;
        @Inject
        LoopConfig config;

        @Override
        public HealthCheckResponse call() {
            boolean running = !config.enabled() || service.autoscaler().isPresent();
            return HealthCheckResponse.named("skaler-loop").status(running).build();
        }
    }
}

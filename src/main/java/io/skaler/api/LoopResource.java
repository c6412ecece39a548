package io.skaler.api;

import io.skaler.loop.Autoscaler;
import io.skaler.loop.AutoscalerService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * The explain API: {@code GET /api/v1/plan} (the current plan with its reasons), {@code GET /api/v1/status}
 * (sources, freshness, leader, policy), and {@code POST /api/v1/trigger} for Slurm-side hooks (bearer token).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LoopResource {
    @Inject
    AutoscalerService service;
    @Inject
    ApiConfig apiConfig;

    private volatile TriggerToken token;

    @GET
    @Path("plan")
    public Response plan() {
        return service.autoscaler().flatMap(Autoscaler::lastPlan)
                .map(plan -> Response.ok(PlanJson.tree(plan, source())).build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity(Map.of("error", "no plan yet: the loop has not completed a cycle")).build());
    }

    @GET
    @Path("status")
    public Response status() {
        return service.autoscaler()
                .map(a -> Response.ok(StatusJson.withSlurmJobs(StatusJson.render(a.status(), a.kubeStaleReason(),
                        a.namespaceCoverage(), a.foreignWrites()), a.slurmJobsRead())).build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity(Map.of("error", "loop not running")).build());
    }

    @POST
    @Path("trigger")
    public Response trigger(@HeaderParam("Authorization") String authorization) {
        if (!token().accepts(authorization)) {
            return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                    .entity(Map.of("error", "a valid bearer token is required")).build();
        }
        var autoscaler = service.autoscaler();
        if (autoscaler.isEmpty()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error", "loop not running"))
                    .build();
        }
        autoscaler.get().trigger("POST /api/v1/trigger");
        return Response.accepted(Map.of("accepted", true)).build();
    }

    private PlanJson.Source source() {
        var a = service.autoscaler().orElseThrow();
        String policyVersion = a.status().policy().map(p -> p.policy().version()).orElse("none");
        return new PlanJson.Source(policyVersion, a.slurmApiVersion().orElse("unknown"), a.slurmProblems());
    }

    private TriggerToken token() {
        if (token == null) {
            Optional<String> fromFile = apiConfig.triggerTokenFile().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    return "";
                }
            });
            token = new TriggerToken(fromFile.isPresent() ? fromFile : apiConfig.triggerToken());
        }
        return token;
    }
}

package io.skaler.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service as it boots: the loop starts against an API server (mock) and a Slurm that does not answer, so it must
 * hold (never act), say why in status and readiness, and still serve its endpoints. Slurm is a closed port on
 * 127.0.0.1; nothing leaves the machine.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ServiceApiTest.Profile.class)
class ServiceApiTest {
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "skaler.slurm.url", "http://127.0.0.1:9",
                    "skaler.slurm.connect-timeout", "200ms",
                    "skaler.api.trigger-token", "test-trigger-token",
                    "skaler.kube.leader-election", "false",
                    "skaler.loop.batch-idle", "50ms",
                    "skaler.loop.batch-max", "200ms");
        }
    }

    @Test
    void triggerNeedsTheBearerToken() {
        given().post("/api/v1/trigger").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/api/v1/trigger").then().statusCode(401);
        given().header("Authorization", "Bearer test-trigger-token").post("/api/v1/trigger").then().statusCode(202)
                .body("accepted", equalTo(true));
    }

    @Inject
    KubernetesClient client;

    @Test
    void statusSaysWhyNothingIsDone() {
        given().get("/api/v1/status").then().statusCode(200)
                .body("dryRun", equalTo(false))
                .body("policy.version", equalTo("none"))
                .body("namespaces.watched", equalTo(java.util.List.of("slurm")))
                .body("foreignWrites.size()", equalTo(0));
    }

    /** The API server records skaler's writes under the User-Agent's prefix: "skaler", told apart from other tools. */
    @Test
    void theKubernetesClientWritesAsFieldManagerSkaler() {
        org.assertj.core.api.Assertions.assertThat(client.getConfiguration().getUserAgent()).startsWith("skaler/");
    }

    @Test
    void planIsUnavailableUntilACycleSucceeded() {
        given().get("/api/v1/plan").then().statusCode(503).body("error", containsString("no plan yet"));
    }

    @Test
    void notReadyWhileSourcesCannotBeRead() {
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }

    /**
     * No admin or developer surface outside dev mode: the Dev UI exists only under {@code quarkus:dev}, and no
     * OpenAPI/Swagger UI extension is built in, so nothing but the API, health and metrics answers.
     */
    @Test
    void devAndAdminEndpointsAreNotServed() {
        for (String path : new String[] {"/q/dev-ui", "/q/dev-ui/", "/q/dev", "/q/swagger-ui", "/q/openapi",
            "/q/arc", "/q/info"}) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void metricsAreExportedWithoutSecrets() {
        given().header("Authorization", "Bearer test-trigger-token").post("/api/v1/trigger").then().statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("skaler_"))
                .body(not(containsString("test-trigger-token")));
    }
}

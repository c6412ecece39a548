package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.CONTROLLER;
import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.RESTAPI;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator drains only while a RestApi names the NodeSet's Controller (slurmclient_sync.go). */
class OperatorClientCheckTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("bound RestApi", kube(NODESET, CONTROLLER, RESTAPI), CheckStatus.PASS, "has RestApi slurm"),
                Arguments.of("no RestApi", kube(NODESET, CONTROLLER), CheckStatus.FAIL, "undrained"),
                Arguments.of("RestApi of another Controller", kube(NODESET, CONTROLLER,
                        RESTAPI.replace("controllerRef: {name: slurm}", "controllerRef: {name: other}")),
                        CheckStatus.FAIL, "no RestApi in slurm names Controller slurm"),
                Arguments.of("RestApi in another namespace", kube(NODESET, CONTROLLER,
                        RESTAPI.replace("namespace: slurm", "namespace: other")), CheckStatus.FAIL, "no RestApi"),
                Arguments.of("no Controller", kube(NODESET, RESTAPI), CheckStatus.FAIL, "Controller slurm/slurm not found"),
                Arguments.of("no controllerRef", kube(NODESET.replace("controllerRef: {name: slurm}", "replicas: 1"),
                        CONTROLLER, RESTAPI), CheckStatus.FAIL, "no spec.controllerRef.name"),
                Arguments.of("conditions do not matter", kube(NODESET, CONTROLLER, RESTAPI
                        + "status: {conditions: [{type: Available, status: \"False\"}]}\n"), CheckStatus.PASS, "drains"),
                Arguments.of("no objects", CheckInput.empty(CheckFixtures.NOW), CheckStatus.SKIP, "no Kubernetes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheOperatorsSlurmClient(String name, CheckInput in, CheckStatus status, String detail) {
        var results = new OperatorClientCheck().run(in);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).status()).isEqualTo(status);
        assertThat(results.get(0).detail()).contains(detail);
        assertThat(results.get(0).fix().isEmpty()).isEqualTo(status == CheckStatus.PASS);
    }
}

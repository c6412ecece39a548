package io.skaler.chart;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json turns bad values into an error that names the field, before anything reaches a cluster. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(delimiter = '|', value = {
        "replicaCount                       | 0                | replicaCount",
        "image.pullPolicy                   | Sometimes        | pullPolicy",
        "slurm.auth.token                   | eyJhbGciOi.x.y   | token",
        "slurm.auth.type                    | password         | type",
        "slurm.auth.existingSecret          | ''               | existingSecret",
        "slurm.url                          | slurmrestd:6820  | url",
        "slurm.apiVersion                   | v0.0.39          | apiVersion",
        "config.slurmPollInterval           | fast             | slurmPollInterval",
        "securityContext.readOnlyRootFilesystem | false        | readOnlyRootFilesystem",
        "podSecurityContext.runAsNonRoot    | false            | runAsNonRoot",
        "networkPolicy.apiServer.cidrs[0]   | everywhere       | cidrs",
        "rbac.slurmNamespaces[0]            | Not_A_Namespace  | slurmNamespaces",
        "metrics.prometheusRule.slurmErrorRatio | 2            | slurmErrorRatio",
        "unknownTopLevelKey                 | 1                | unknownTopLevelKey"
    })
    void badValueIsRejectedNamingTheField(String key, String value, String field) {
        assertThatThrownBy(() -> Chart.template(Optional.empty(), Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }
}

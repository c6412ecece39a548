package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.api.ApiConfig;
import io.skaler.kube.KubeConfig;
import io.skaler.loop.AutoscalerService;
import io.skaler.loop.LoopConfig;
import io.skaler.slurm.SlurmClientConfig;
import io.smallrye.config.ConfigMapping;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code SKALER_*} variable the chart sets names a property the service reads. An env var no mapping declares
 * is silently ignored by Quarkus, so a misspelt or invented name would look configured and do nothing.
 */
class ChartEnvTest {

    @Test
    void everySkalerEnvVarNamesADeclaredConfigProperty() {
        Set<String> known = envNames();
        assertThat(known).contains("SKALER_SLURM_AUTH_TOKEN_FILE", "SKALER_KUBE_LEADER_ELECTION",
                "SKALER_API_TRIGGER_TOKEN_FILE", "SKALER_LOOP_BATCH_IDLE");
        for (Chart.Rendered r : new Chart.Rendered[] {Chart.defaults(), Chart.full()}) {
            Set<String> rendered = new TreeSet<>();
            for (JsonNode e : r.one("Deployment").at("/spec/template/spec/containers/0/env")) {
                String name = e.path("name").asText();
                if (name.startsWith("SKALER_")) {
                    rendered.add(name);
                }
            }
            assertThat(rendered).hasSizeGreaterThan(10);
            assertThat(known).containsAll(rendered);
        }
    }

    /** Env names of every property of skaler's config mappings and injected config properties. */
    static Set<String> envNames() {
        Set<String> props = new TreeSet<>();
        for (Class<?> mapping : new Class<?>[] {SlurmClientConfig.class, KubeConfig.class, LoopConfig.class,
            ApiConfig.class}) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, props);
        }
        for (Field f : AutoscalerService.class.getDeclaredFields()) {
            ConfigProperty p = f.getAnnotation(ConfigProperty.class);
            if (p != null) {
                props.add(p.name());
            }
        }
        Set<String> env = new TreeSet<>();
        props.forEach(p -> env.add(p.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        return env;
    }

    private static void collect(String prefix, Class<?> type, Set<String> out) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.isDefault() || m.isSynthetic() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || Map.class.isAssignableFrom(m.getReturnType())) {
                continue; // helpers, and maps (keys chosen by the user, not by the chart)
            }
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getDeclaringClass() == type) {
                collect(name, m.getReturnType(), out);
            } else {
                out.add(name);
            }
        }
    }
}

package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.KubeConfig;
import io.skaler.slurm.SlurmClientConfig;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults written as plain values for the code that runs without the config system (the sandbox, tests, the
 * offline commands) are the service's: the {@code @WithDefault}s of the config mappings, read by SmallRye as the
 * service reads them. A default changed on one side only fails here.
 */
class ConfigDefaultsTest {

    private static <T> T defaults(Class<T> mapping) {
        // Quarkus registers its Duration converter ("200ms", "10m") in the application; plain SmallRye needs it here.
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(mapping)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("HOSTNAME", "skaler-0"), "test", 500)).build()
                .getConfigMapping(mapping);
    }

    @Test
    void loopSettingsDefaultsAreLoopConfigDefaults() throws Exception {
        LoopConfig config = defaults(LoopConfig.class);
        LoopSettings plain = LoopSettings.defaults();
        Method[] keys = LoopConfig.class.getDeclaredMethods();
        assertThat(keys).isNotEmpty();
        for (Method key : keys) {
            assertThat(key.invoke(plain)).as("skaler.loop.%s", key.getName()).isEqualTo(key.invoke(config));
        }
    }

    @Test
    void executorSettingsDefaultsAreKubeConfigDefaults() {
        assertThat(ExecutorSettings.defaults("skaler-0")).isEqualTo(defaults(KubeConfig.class).executorSettings());
    }

    @Test
    void theReadersFullReadIntervalIsTheSlurmConfigDefault() {
        assertThat(SlurmReader.DEFAULT_FULL_READ_INTERVAL)
                .isEqualTo(defaults(SlurmClientConfig.class).fullReadInterval());
    }

    @Test
    void theClientsTimeoutsAreTheSlurmConfigDefaults() {
        SlurmClientConfig config = defaults(SlurmClientConfig.class);
        assertThat(SlurmClientSettings.DEFAULT_READ_TIMEOUT).isEqualTo(config.readTimeout());
        assertThat(SlurmClientSettings.DEFAULT_LISTING_TIMEOUT).isEqualTo(config.listingTimeout());
    }
}

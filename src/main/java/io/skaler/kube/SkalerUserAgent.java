package io.skaler.kube;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Names skaler's Kubernetes client {@code skaler/<version>}: the API server records every write without a
 * {@code fieldManager} parameter under the User-Agent up to its first '/', so skaler's entries in
 * {@code metadata.managedFields} read {@code manager: skaler} (fabric8's default would be the
 * {@code fabric8-kubernetes-client} that other tools share). {@link FieldOwnership} tells skaler's writes apart by it.
 */
@Singleton
public class SkalerUserAgent implements KubernetesConfigCustomizer {
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    @Override
    public void customize(Config config) {
        config.setUserAgent(userAgent(version));
    }

    static String userAgent(String version) {
        return KubeNames.FIELD_MANAGER + "/" + version;
    }
}

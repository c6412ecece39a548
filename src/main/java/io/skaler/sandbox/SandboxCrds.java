package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.skaler.kube.KubeResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The sandbox's API server gets the same CRDs skaler ships (NodeSet, NodePool, NodeClaim, Controller, RestApi), so
 * the sandbox exercises what production reads and writes, not a simplified copy.
 */
public final class SandboxCrds {
    public static final ResourceDefinitionContext NODE_SET = KubeResources.nodeSets("v1beta1");
    public static final ResourceDefinitionContext NODE_POOL = KubeResources.NODEPOOLS;
    public static final ResourceDefinitionContext NODE_CLAIM = KubeResources.NODECLAIMS;
    public static final ResourceDefinitionContext CONTROLLER = KubeResources.CONTROLLERS;
    public static final ResourceDefinitionContext REST_API = KubeResources.RESTAPIS;

    private SandboxCrds() {
    }

    public static void install(KubernetesClient kube) {
        for (String file : KubeResources.CRD_FILES) {
            try (InputStream in = SandboxCrds.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("CRD resource missing from the jar: " + file);
                }
                var crd = kube.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                kube.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

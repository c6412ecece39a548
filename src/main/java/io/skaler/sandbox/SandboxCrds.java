package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * Minimal CRDs for the kinds the sandbox runs (Slinky NodeSet, Karpenter NodePool and NodeClaim), with the
 * {@code scale} and {@code status} subresources declared the way upstream declares them; the schema is left open
 * because the mock API server validates nothing anyway.
 */
public final class SandboxCrds {
    public static final ResourceDefinitionContext NODE_SET = context("slinky.slurm.net", "v1beta1", "NodeSet",
            "nodesets", true);
    public static final ResourceDefinitionContext NODE_POOL = context("karpenter.sh", "v1", "NodePool", "nodepools",
            false);
    public static final ResourceDefinitionContext NODE_CLAIM = context("karpenter.sh", "v1", "NodeClaim",
            "nodeclaims", false);

    private SandboxCrds() {
    }

    public static List<CustomResourceDefinition> all() {
        return List.of(
                crd(NODE_SET, "Namespaced", ".status.replicas", ".status.selector"),
                crd(NODE_POOL, "Cluster", ".status.nodes", null),
                crd(NODE_CLAIM, "Cluster", null, null));
    }

    public static void install(KubernetesClient kube) {
        for (var crd : all()) {
            kube.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural,
            boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    private static CustomResourceDefinition crd(ResourceDefinitionContext c, String scope, String statusReplicas,
            String selector) {
        var version = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder()
                .withName(c.getVersion()).withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
                .withNewSubresources().withNewStatus().endStatus().endSubresources();
        if (statusReplicas != null) {
            version.editSubresources().withNewScale().withSpecReplicasPath(".spec.replicas")
                    .withStatusReplicasPath(statusReplicas).withLabelSelectorPath(selector).endScale()
                    .endSubresources();
        }
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(c.getPlural() + "." + c.getGroup()).endMetadata()
                .withNewSpec().withGroup(c.getGroup()).withScope(scope)
                .withNewNames().withKind(c.getKind()).withPlural(c.getPlural())
                .withSingular(c.getKind().toLowerCase()).endNames()
                .withVersions(version.build()).endSpec().build();
    }
}

package io.skaler.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/** The custom resources skaler talks to, and where their CRDs (written for skaler) live on the classpath. */
public final class KubeResources {
    private KubeResources() {
    }

    public static final String CRD_DIR = "/io/skaler/kube/crds/";

    /** Classpath locations of the CRDs, in the order a test or the sandbox should create them. */
    public static final List<String> CRD_FILES = List.of(
            CRD_DIR + "nodesets.slinky.slurm.net.yaml",
            CRD_DIR + "controllers.slinky.slurm.net.yaml",
            CRD_DIR + "restapis.slinky.slurm.net.yaml",
            CRD_DIR + "nodepools.karpenter.sh.yaml",
            CRD_DIR + "nodeclaims.karpenter.sh.yaml");

    /**
     * Slinky serves its kinds in one version per release, never two: {@code v1alpha1} up to 0.4.x, {@code v1beta1}
     * from 1.0 (config/crd/bases at each tag). The Controller and RestApi are looked up in the NodeSet's version.
     */
    public static ResourceDefinitionContext nodeSets(String version) {
        return ctx(KubeNames.SLINKY_GROUP, slinkyVersion(version), "nodesets", "NodeSet", true);
    }

    public static ResourceDefinitionContext controllers(String version) {
        return ctx(KubeNames.SLINKY_GROUP, slinkyVersion(version), "controllers", "Controller", true);
    }

    public static ResourceDefinitionContext restApis(String version) {
        return ctx(KubeNames.SLINKY_GROUP, slinkyVersion(version), "restapis", "RestApi", true);
    }

    private static String slinkyVersion(String version) {
        if (!version.equals("v1beta1") && !version.equals("v1alpha1")) {
            throw new IllegalArgumentException("nodeSetVersion: expected v1beta1 (Slinky 1.x) or v1alpha1 (Slinky "
                    + "0.4), got " + version);
        }
        return version;
    }

    public static final ResourceDefinitionContext CONTROLLERS = controllers("v1beta1");
    public static final ResourceDefinitionContext RESTAPIS = restApis("v1beta1");
    public static final ResourceDefinitionContext NODEPOOLS =
            ctx(KubeNames.KARPENTER_GROUP, "v1", "nodepools", "NodePool", false);
    public static final ResourceDefinitionContext NODECLAIMS =
            ctx(KubeNames.KARPENTER_GROUP, "v1", "nodeclaims", "NodeClaim", false);

    private static ResourceDefinitionContext ctx(String group, String version, String plural, String kind,
            boolean namespaced) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withPlural(plural).withKind(kind).withNamespaced(namespaced)
                .build();
    }
}

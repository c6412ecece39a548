package io.skaler.kube;

import java.util.List;
import java.util.Set;

/**
 * Every Kubernetes resource and verb skaler uses, and why: the single source for the Helm chart's RBAC and for
 * {@code docs/kubernetes.md}. A test records the requests skaler makes against the mock API server and checks each is
 * covered here, so this table cannot fall behind the code.
 */
public final class KubeAccess {
    private KubeAccess() {
    }

    /** Where the grant applies: a ClusterRole for cluster-scoped kinds, Roles for the rest. */
    public enum Scope {
        /** cluster-scoped kinds (ClusterRole) */
        CLUSTER,
        /** the namespace of the Slurm cluster (NodeSets, their pods, Controller, RestApi) */
        SLURM_NAMESPACE,
        /** skaler's own namespace (its Lease) */
        OWN_NAMESPACE,
        /** the namespace of the policy ConfigMap */
        POLICY_NAMESPACE,
        /** Events go to the object's namespace, and to {@code default} for cluster-scoped objects (NodePool) */
        EVENT_NAMESPACES
    }

    public record Rule(String apiGroup, String resource, List<String> verbs, Scope scope, String why) {
        public Rule {
            verbs = List.copyOf(verbs);
        }

        public boolean allows(String group, String res, String verb) {
            return apiGroup.equals(group) && resource.equals(res) && verbs.contains(verb);
        }
    }

    public static final List<Rule> RULES = List.of(
            new Rule("slinky.slurm.net", "nodesets", List.of("get", "list", "watch", "patch"), Scope.SLURM_NAMESPACE,
                    "watch NodeSets; read one before writing; annotate skaler.io/last-scale-up; set spec.replicas"
                            + " by merge patch where the CRD has no scale subresource"),
            new Rule("slinky.slurm.net", "nodesets/scale", List.of("get", "update"), Scope.SLURM_NAMESPACE,
                    "read and set NodeSet replicas through the scale subresource"),
            new Rule("slinky.slurm.net", "controllers", List.of("list", "watch"), Scope.SLURM_NAMESPACE,
                    "the NodeSet's Controller exists: the operator drains through its Slurm client"),
            new Rule("slinky.slurm.net", "restapis", List.of("list", "watch"), Scope.SLURM_NAMESPACE,
                    "a RestApi names the Controller: only then does the operator hold a Slurm client and drain"),
            new Rule("", "pods", List.of("get", "list", "watch", "patch"), Scope.SLURM_NAMESPACE,
                    "watch NodeSet pods (Slurm node names, readiness, busy conditions); set"
                            + " nodeset.slinky.slurm.net/pod-deletion-cost on the pods chosen for scale-in"),
            new Rule("karpenter.sh", "nodepools", List.of("get", "list", "watch", "patch"), Scope.CLUSTER,
                    "watch NodePools (limits, usage, static replicas, disruption); raise spec.limits or set"
                            + " spec.replicas"),
            new Rule("karpenter.sh", "nodeclaims", List.of("list", "watch"), Scope.CLUSTER,
                    "launching and failed capacity (Launched=False, insufficient capacity)"),
            new Rule("", "nodes", List.of("list", "watch"), Scope.CLUSTER,
                    "which NodePool hosts each slurmd pod (karpenter.sh/nodepool label)"),
            new Rule("", "configmaps", List.of("list", "watch"), Scope.POLICY_NAMESPACE,
                    "the policy ConfigMap (key policy.yaml), watched by name"),
            new Rule("", "events", List.of("create"), Scope.EVENT_NAMESPACES,
                    "explain every change, hold and warning on the object it concerns"),
            new Rule("coordination.k8s.io", "leases", List.of("get", "create", "update", "patch"),
                    Scope.OWN_NAMESPACE, "leader election between the two replicas (the holder patches the lease to"
                            + " release it on shutdown)"));

    public static boolean allows(String group, String resource, String verb) {
        return RULES.stream().anyMatch(r -> r.allows(group, resource, verb));
    }

    public static Set<String> verbsOf(String group, String resource) {
        return RULES.stream().filter(r -> r.apiGroup().equals(group) && r.resource().equals(resource))
                .flatMap(r -> r.verbs().stream()).collect(java.util.stream.Collectors.toCollection(
                        java.util.TreeSet::new));
    }
}

package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Can the Slinky operator drain before it deletes? It drains through a Slurm client, and it holds one for a Controller
 * exactly while a RestApi in the same namespace names that Controller in {@code spec.controllerRef}
 * (internal/controller/slurmclient/slurmclient_sync.go). Without a client {@code IsNodeDrained} answers "drained"
 * ({@code ErrNoSlurmClient}) and pods are deleted undrained, jobs and all. No release writes a condition on the
 * Controller or RestApi that says so (controller_sync_status.go, restapi_sync_status.go copy what is there), so skaler
 * judges from what upstream does provide: the Controller the NodeSet names exists, a RestApi is bound to it, and the
 * NodeSet's own status shows the operator sees Slurm: with no client its {@code slurmIdle}, {@code slurmAllocated},
 * {@code slurmDown} and {@code slurmDrain} stay 0 (CalculateNodeStatus returns an empty count), so ready pods with
 * all four at 0 mean the operator has no working client (a missing JWT key secret, for one). Pure: it judges objects
 * handed to it.
 */
public final class OperatorHealth {
    private OperatorHealth() {
    }

    public record Verdict(Optional<DrainBlocker> blocker, String detail) {
        static Verdict ok(String detail) {
            return new Verdict(Optional.empty(), detail);
        }

        static Verdict blocked(DrainBlocker b, String detail) {
            return new Verdict(Optional.of(b), detail);
        }
    }

    private static final List<String> SLURM_COUNTS = List.of("slurmIdle", "slurmAllocated", "slurmDown", "slurmDrain");

    /**
     * @param controller the Controller named by the NodeSet's {@code spec.controllerRef.name}, in its namespace
     * @param restApis   the RestApis skaler sees (any namespace; only those bound to that Controller count)
     */
    public static Verdict check(GenericKubernetesResource nodeSet, Optional<GenericKubernetesResource> controller,
            List<GenericKubernetesResource> restApis) {
        String nodeSetName = nodeSet.getMetadata().getName();
        String namespace = Objects.toString(nodeSet.getMetadata().getNamespace(), "");
        String controllerName = Fields.stringAt(nodeSet, "", "spec", "controllerRef", "name");
        if (controllerName.isBlank()) {
            String old = Fields.stringAt(nodeSet, "", "spec", "clusterName").isBlank() ? ""
                    : " (it has spec.clusterName: Slinky before 0.4, whose operator skaler does not support)";
            return Verdict.blocked(DrainBlocker.CONTROLLER_MISSING,
                    "NodeSet " + nodeSetName + " has no spec.controllerRef.name" + old);
        }
        if (controller.isEmpty()) {
            return Verdict.blocked(DrainBlocker.CONTROLLER_MISSING, "Controller " + namespace + "/" + controllerName
                    + " named by NodeSet " + nodeSetName + " not found");
        }
        List<String> bound = restApis.stream()
                .filter(r -> namespace.equals(Objects.toString(r.getMetadata().getNamespace(), ""))
                        && controllerName.equals(Fields.stringAt(r, "", "spec", "controllerRef", "name"))
                        && r.getMetadata().getDeletionTimestamp() == null)
                .map(r -> r.getMetadata().getName()).sorted().toList();
        if (bound.isEmpty()) {
            return Verdict.blocked(DrainBlocker.RESTAPI_MISSING, "no RestApi in namespace " + namespace
                    + " has spec.controllerRef.name=" + controllerName + ": the operator then holds no Slurm client"
                    + " and deletes pods without draining them");
        }
        int ready = Fields.intAt(nodeSet, 0, "status", "readyReplicas");
        long seen = SLURM_COUNTS.stream().mapToLong(f -> Fields.intAt(nodeSet, 0, "status", f)).sum();
        if (ready > 0 && seen == 0) {
            return Verdict.blocked(DrainBlocker.NO_SLURM_CLIENT, "NodeSet " + nodeSetName + " status shows "
                    + ready + " ready pod(s) but no Slurm node state (slurmIdle, slurmAllocated, slurmDown, "
                    + "slurmDrain all 0): the operator has no working Slurm client for Controller " + controllerName
                    + " (check its JWT key secret and RestApi " + bound.get(0) + ")");
        }
        return Verdict.ok("operator holds a Slurm client for Controller " + controllerName + " (RestApi "
                + String.join(", ", bound) + ")");
    }
}

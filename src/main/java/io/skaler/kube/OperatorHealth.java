package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Optional;

/**
 * Can the Slinky operator drain before it deletes? It drains through its Slurm client; with no client it deletes pods
 * undrained (slurm-operator treats ErrNoSlurmClient as drained). So skaler scales in only when the NodeSet's
 * Controller reports {@code SlurmReachable=True} and one of that Controller's RestApis reports {@code Available=True}.
 * Pure: it judges objects handed to it.
 */
public final class OperatorHealth {
    private OperatorHealth() {
    }

    public record Verdict(Optional<DrainBlocker> blocker, String detail) {
        static Verdict ok() {
            return new Verdict(Optional.empty(), "operator can drain");
        }

        static Verdict blocked(DrainBlocker b, String detail) {
            return new Verdict(Optional.of(b), detail);
        }
    }

    public static Verdict check(GenericKubernetesResource nodeSet, Optional<GenericKubernetesResource> controller,
            List<GenericKubernetesResource> restApis) {
        String controllerName = Fields.stringAt(nodeSet, "", "spec", "controllerRef", "name");
        if (controllerName.isBlank()) {
            return Verdict.blocked(DrainBlocker.CONTROLLER_MISSING,
                    "NodeSet " + nodeSet.getMetadata().getName() + " has no spec.controllerRef.name");
        }
        if (controller.isEmpty()) {
            return Verdict.blocked(DrainBlocker.CONTROLLER_MISSING, "Controller " + controllerName + " not found");
        }
        var reachable = Fields.condition(Fields.listAt(controller.get(), "status", "conditions"),
                KubeNames.CONTROLLER_SLURM_REACHABLE);
        if (reachable.isEmpty() || !"True".equals(reachable.get().get("status"))) {
            String why = reachable.map(c -> "SlurmReachable=" + c.get("status") + " (" + c.get("reason") + ")")
                    .orElse("no SlurmReachable condition");
            return Verdict.blocked(DrainBlocker.CONTROLLER_NOT_READY, "Controller " + controllerName + ": " + why);
        }
        boolean restApiAvailable = restApis.stream()
                .filter(r -> controllerName.equals(Fields.stringAt(r, "", "spec", "controllerRef", "name")))
                .anyMatch(r -> Fields.condition(Fields.listAt(r, "status", "conditions"), KubeNames.RESTAPI_AVAILABLE)
                        .map(c -> "True".equals(c.get("status"))).orElse(false));
        if (!restApiAvailable) {
            return Verdict.blocked(DrainBlocker.RESTAPI_NOT_READY,
                    "no RestApi of Controller " + controllerName + " has Available=True");
        }
        return Verdict.ok();
    }
}

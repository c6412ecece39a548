package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Helm and GitOps fight skaler: a field manager other than skaler's that owns a NodeSet's {@code spec.replicas} or a
 * NodePool's {@code spec.limits} (its {@code metadata.managedFields} entry names {@code f:spec} / {@code f:replicas}
 * or {@code f:limits}) writes it back on every upgrade or sync, undoing what skaler set. The running service detects
 * the overwrite itself; this check finds the owner before the first fight. {@code kubectl get} leaves managedFields
 * out unless asked ({@code --show-managed-fields}), so a file without any is a skip, not a pass.
 */
public final class FieldManagersCheck implements Check {
    static final String NAME = "field-managers";
    static final String SKALER_MANAGER = "skaler";
    private static final String FIX = "leave the field to skaler: drop replicas from the Slinky chart's nodesets values"
            + " (and limits from the NodePool manifests), or tell Argo CD (ignoreDifferences + RespectIgnoreDifferences)"
            + " or Flux to ignore it (docs/install.md, 'Helm, Argo CD and Flux against skaler')";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        List<CheckResult> out = new ArrayList<>();
        boolean anyManagedFields = false;
        for (var kindAndField : List.of(new String[] {"NodeSet", "replicas"}, new String[] {"NodePool", "limits"})) {
            for (KubeObject o : in.ofKind(kindAndField[0])) {
                JsonNode entries = o.body().at("/metadata/managedFields");
                if (!entries.isArray() || entries.isEmpty()) {
                    continue;
                }
                anyManagedFields = true;
                var others = otherOwners(entries, kindAndField[1]);
                String what = kindAndField[0] + " " + o.name() + ": spec." + kindAndField[1];
                out.add(others.isEmpty() ? CheckResult.pass(NAME, what + " is owned by no other field manager")
                        : CheckResult.warn(NAME, what + " is also owned by " + others + ": each of their applies"
                                + " or syncs resets what skaler set", FIX));
            }
        }
        if (!anyManagedFields) {
            return List.of(CheckResult.skip(NAME, "no metadata.managedFields in the objects given",
                    "dump them with kubectl get ... -o yaml --show-managed-fields"));
        }
        return out;
    }

    /** Managers other than skaler's whose fieldsV1 reach {@code f:spec} → {@code f:<field>}. */
    static TreeSet<String> otherOwners(JsonNode managedFields, String field) {
        var owners = new TreeSet<String>();
        for (JsonNode e : managedFields) {
            String manager = e.path("manager").asText("");
            if (!manager.equals(SKALER_MANAGER) && e.path("fieldsV1").path("f:spec").has("f:" + field)) {
                owners.add(manager.isEmpty() ? "(unnamed manager)" : manager);
            }
        }
        return owners;
    }
}

package io.skaler.policy;

import io.skaler.model.ObjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a parsed policy document top-down, reading each field once and collecting every error; then checks what
 * spans NodeSets (duplicate partitions, a NodeSet claimed twice, a NodePool bound in two modes).
 */
final class PolicyReader {
    static final Set<String> KEYS = Set.of("apiVersion", "kind", "defaults", "gresResources", "slurm", "partitions");
    static final Set<String> SLURM_KEYS = Set.of("memoryConsumable");
    static final Set<String> DEFAULTS_KEYS = Set.of("scaleUp", "scaleDown", "provisioningTimeout");
    static final Set<String> PARTITION_KEYS = Set.of("name", "nodeSets");

    private final List<PolicyError> errors = new ArrayList<>();

    /** The policy when the document is valid; otherwise empty and {@link #errors()} says why. */
    Optional<Policy> read(Field root, String version) {
        if (!root.mapping(KEYS)) {
            if (root.absent()) {
                root.error("empty policy (expected apiVersion, kind and partitions)");
            }
            return Optional.empty();
        }
        expect(root.get("apiVersion"), PolicyDefaults.API_VERSION);
        expect(root.get("kind"), PolicyDefaults.KIND);
        Field defaultsField = root.get("defaults");
        Overrides defaults = defaultsField.mapping(DEFAULTS_KEYS) ? Overrides.BUILT_IN.over(defaultsField) : Overrides.BUILT_IN;
        Map<String, String> gresResources = readGresResources(root.get("gresResources"));
        boolean memoryConsumable = readMemoryConsumable(root.get("slurm"));
        var partitions = readPartitions(root.get("partitions"), new NodeSetReader(errors, defaults, gresResources));
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy(partitions, gresResources, version, memoryConsumable));
    }

    List<PolicyError> errors() {
        return errors;
    }

    private static void expect(Field f, String wanted) {
        f.requiredString().ifPresent(v -> {
            if (!v.equals(wanted)) {
                f.error("must be " + wanted + ", got \"" + v + "\"");
            }
        });
    }

    private static boolean readMemoryConsumable(Field slurm) {
        if (!slurm.mapping(SLURM_KEYS)) {
            return PolicyDefaults.MEMORY_CONSUMABLE;
        }
        return slurm.get("memoryConsumable").bool().orElse(PolicyDefaults.MEMORY_CONSUMABLE);
    }

    private static Map<String, String> readGresResources(Field at) {
        var out = new LinkedHashMap<>(PolicyDefaults.GRES_RESOURCES);
        for (var e : at.entries().entrySet()) {
            String bad = Names.gresKind(e.getKey());
            if (!bad.isEmpty()) {
                e.getValue().error(bad);
            }
            var value = NodeSetReader.checked(e.getValue(), e.getValue().requiredString(), Names::resource);
            if (bad.isEmpty()) {
                value.ifPresent(v -> out.put(e.getKey(), v));
            }
        }
        return out;
    }

    private List<PartitionPolicy> readPartitions(Field at, NodeSetReader nodeSets) {
        if (at.absent()) {
            at.error("required (a list of the Slurm partitions skaler manages; [] to manage none)");
            return List.of();
        }
        var out = new ArrayList<PartitionPolicy>();
        var partitionByName = new HashMap<String, String>();
        var claimedBy = new HashMap<ObjectRef, String>();
        var poolModes = new HashMap<String, String>();
        for (Field p : at.items()) {
            if (p.absent()) {
                p.error("must be a partition (name, nodeSets), got null");
                continue;
            }
            if (!p.mapping(PARTITION_KEYS)) {
                continue;
            }
            Field nameField = p.get("name");
            var name = NodeSetReader.checked(nameField, nameField.requiredString(), Names::partition);
            name.ifPresent(n -> {
                String first = partitionByName.putIfAbsent(n, p.path());
                if (first != null) {
                    nameField.error("duplicate partition \"" + n + "\" (first at " + first + ")");
                }
            });
            Field setsField = p.get("nodeSets");
            if (setsField.absent() || (setsField.isList() && setsField.items().isEmpty())) {
                setsField.error("required: at least one NodeSet");
            }
            var sets = new ArrayList<NodeSetPolicy>();
            for (Field s : setsField.items()) {
                nodeSets.read(s).ifPresent(ns -> {
                    String first = claimedBy.putIfAbsent(ns.ref(), s.path());
                    if (first != null) {
                        s.error("NodeSet " + ns.ref() + " is already managed at " + first
                                + " (one NodeSet belongs to one partition)");
                    }
                    checkPoolMode(s, ns.nodePool(), poolModes);
                    sets.add(ns);
                });
            }
            name.ifPresent(n -> out.add(new PartitionPolicy(n, sets)));
        }
        return out;
    }

    /** One NodePool is either limit-managed or static: two NodeSets must not drive it both ways. */
    private static void checkPoolMode(Field s, NodePoolBinding pool, Map<String, String> poolModes) {
        if (pool.mode() == NodePoolBinding.Mode.NONE) {
            return;
        }
        String mode = pool.mode().name().toLowerCase();
        String seen = poolModes.putIfAbsent(pool.name(), mode + " at " + s.path());
        if (seen != null && !seen.startsWith(mode + " ")) {
            s.get("nodePool").get("mode").error("NodePool \"" + pool.name() + "\" is already bound as " + seen
                    + " (one NodePool has one mode)");
        }
    }
}

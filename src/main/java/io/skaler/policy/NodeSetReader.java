package io.skaler.policy;

import io.skaler.model.Gres;
import io.skaler.model.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Reads one {@code partitions[i].nodeSets[j]} entry into its effective {@link NodeSetPolicy}. */
final class NodeSetReader {
    static final Set<String> KEYS = Set.of("name", "namespace", "node", "minReplicas", "maxReplicas", "headroomNodes",
            "nodePool", "scaleUp", "scaleDown", "provisioningTimeout");
    static final Set<String> NODE_KEYS = Set.of("cpus", "memoryMB", "memory", "gres", "features");
    static final Set<String> NODE_POOL_KEYS = Set.of("name", "mode", "machine");

    private final List<PolicyError> errors;
    private final Overrides defaults;
    private final Map<String, String> gresResources;

    NodeSetReader(List<PolicyError> errors, Overrides defaults, Map<String, String> gresResources) {
        this.errors = errors;
        this.defaults = defaults;
        this.gresResources = gresResources;
    }

    /** The NodeSet's policy, or empty when anything in it is wrong (every problem is in {@code errors}). */
    Optional<NodeSetPolicy> read(Field at) {
        int before = errors.size();
        if (at.absent()) {
            at.error("must be a NodeSet (name, namespace, node, maxReplicas, ...), got null");
            return Optional.empty();
        }
        if (!at.mapping(KEYS)) {
            return Optional.empty();
        }
        var name = checked(at.get("name"), at.get("name").requiredString(), Names::objectName);
        var namespace = checked(at.get("namespace"), at.get("namespace").requiredString(), Names::namespace);
        var node = readNode(at.get("node"));
        var min = at.get("minReplicas").integer(0, Integer.MAX_VALUE);
        Field maxField = at.get("maxReplicas");
        if (maxField.absent()) {
            maxField.error("required");
        }
        var max = maxField.integer(0, Integer.MAX_VALUE);
        int minReplicas = (int) min.orElse(PolicyDefaults.MIN_REPLICAS);
        boolean minUsable = min.isPresent() || at.get("minReplicas").absent();
        if (max.isPresent() && minUsable && max.getAsLong() < minReplicas) {
            maxField.error("must be >= minReplicas (" + minReplicas + ")");
        }
        Field headroomField = at.get("headroomNodes");
        var headroom = headroomField.integer(0, Integer.MAX_VALUE);
        if (headroom.isPresent() && max.isPresent() && headroom.getAsLong() > max.getAsLong()) {
            headroomField.error("must be <= maxReplicas (" + max.getAsLong() + ")");
        }
        var pool = readNodePool(at.get("nodePool"));
        if (node.isPresent() && pool.isPresent()) {
            MachineReader.checkHoldsNode(at.get("nodePool").get("machine"), pool.get().machine(), node.get());
        }
        Overrides effective = defaults.over(at);
        if (node.isPresent() && pool.isPresent() && pool.get().mode() == NodePoolBinding.Mode.LIMITS) {
            checkGresMapped(at.get("node").get("gres"), node.get().gres());
        }
        if (errors.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new NodeSetPolicy(
                new ObjectRef(namespace.orElseThrow(), name.orElseThrow()),
                node.orElseThrow(),
                minReplicas,
                (int) max.orElseThrow(),
                (int) headroom.orElse(PolicyDefaults.HEADROOM_NODES),
                pool.orElseThrow(),
                effective.scaleUp(),
                effective.scaleDown(),
                effective.provisioningTimeout()));
    }

    private Optional<NodeShape> readNode(Field at) {
        if (at.absent()) {
            at.error("required (the shape of one node: cpus, memoryMB, gres, features)");
            return Optional.empty();
        }
        if (!at.mapping(NODE_KEYS)) {
            return Optional.empty();
        }
        int before = errors.size();
        Field cpusField = at.get("cpus");
        if (cpusField.absent()) {
            cpusField.error("required");
        }
        var cpus = cpusField.integer(1, Integer.MAX_VALUE);
        long memoryMB = readMemory(at);
        var gres = new TreeMap<String, Long>();
        for (var e : at.get("gres").entries().entrySet()) {
            String bad = Names.gres(e.getKey());
            if (!bad.isEmpty()) {
                e.getValue().error(bad);
            }
            e.getValue().integer(0, Long.MAX_VALUE).ifPresent(n -> gres.put(e.getKey(), n));
        }
        var features = new ArrayList<String>();
        for (Field f : at.get("features").items()) {
            checked(f, f.string(), Names::feature).ifPresent(features::add);
        }
        if (errors.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new NodeShape((int) cpus.getAsLong(), memoryMB, new Gres(gres), features));
    }

    /** {@code memoryMB: 1000000} (MiB, as Slurm's RealMemory) or {@code memory: 1000Gi}; exactly one of them. */
    private long readMemory(Field node) {
        Field mb = node.get("memoryMB");
        Field quantity = node.get("memory");
        if (!mb.absent() && !quantity.absent()) {
            quantity.error("give either memoryMB or memory, not both");
            return 0;
        }
        if (mb.absent() && quantity.absent()) {
            mb.error("required (or memory, as a Kubernetes quantity such as 1000Gi)");
            return 0;
        }
        if (!mb.absent()) {
            return mb.integer(1, Long.MAX_VALUE).orElse(0);
        }
        var text = quantity.string();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            long mib = MemorySize.toMebibytes(text.get());
            if (mib < 1) {
                quantity.error("must be at least 1Mi, got \"" + text.get() + "\"");
            }
            return mib;
        } catch (IllegalArgumentException e) {
            quantity.error(e.getMessage());
            return 0;
        }
    }

    private Optional<NodePoolBinding> readNodePool(Field at) {
        if (at.absent()) {
            return Optional.of(NodePoolBinding.NONE);
        }
        if (!at.mapping(NODE_POOL_KEYS)) {
            return Optional.empty();
        }
        Field modeField = at.get("mode");
        var modeText = modeField.requiredString();
        NodePoolBinding.Mode mode = null;
        if (modeText.isPresent()) {
            mode = switch (modeText.get()) {
                case "limits" -> NodePoolBinding.Mode.LIMITS;
                case "static" -> NodePoolBinding.Mode.STATIC;
                case "none" -> NodePoolBinding.Mode.NONE;
                default -> {
                    modeField.error("must be one of limits, static, none, got \"" + modeText.get() + "\"");
                    yield null;
                }
            };
        }
        Field nameField = at.get("name");
        Optional<String> name = mode == null || mode == NodePoolBinding.Mode.NONE
                ? nameField.string()
                : nameField.absent() ? errorRequired(nameField, mode) : nameField.string();
        name = checked(nameField, name, Names::objectName);
        if (mode == null || (mode != NodePoolBinding.Mode.NONE && name.isEmpty())) {
            return Optional.empty();
        }
        var machine = MachineReader.read(at.get("machine"));
        if (machine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodePoolBinding(name.orElse(""), mode, machine.get()));
    }

    private static Optional<String> errorRequired(Field f, NodePoolBinding.Mode mode) {
        f.error("required when mode is " + mode.name().toLowerCase());
        return Optional.empty();
    }

    /** In limits mode skaler raises the pool's limit per GRES kind, so each kind must name its Kubernetes resource. */
    private void checkGresMapped(Field gresField, Gres gres) {
        for (var name : gres.amounts().keySet()) {
            String kind = Gres.kindOf(name);
            if (!gresResources.containsKey(kind)) {
                gresField.get(name).error("no Kubernetes resource for GRES kind \"" + kind
                        + "\" (add it to gresResources; needed by nodePool mode limits)");
            }
        }
    }

    /** {@code value} when it passes {@code rule} (which gives a reason, or {@code ""} when fine); else reported. */
    static Optional<String> checked(Field f, Optional<String> value, Function<String, String> rule) {
        if (value.isEmpty()) {
            return value;
        }
        String bad = rule.apply(value.get());
        if (!bad.isEmpty()) {
            f.error(bad);
            return Optional.empty();
        }
        return value;
    }
}

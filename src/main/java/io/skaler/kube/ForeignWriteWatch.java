package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.metrics.Labels.OwnedField;
import io.skaler.metrics.Labels.PausedKind;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Says when Helm, Argo CD, Flux or kubectl has written a field skaler sets: a NodeSet's {@code spec.replicas} (Slinky's
 * chart renders it) or a NodePool's {@code spec.limits}/{@code spec.replicas} (re-applied YAML). Each leader cycle it
 * reads the plan's objects from the watch cache (no extra request) and, for each write {@link FieldOwnership} finds,
 * adds a WARNING step, a Warning Event on the object (repeats suppressed by {@link KubeEvents}), counts it once in
 * {@code skaler_foreign_writes_total} and lists it for {@code /api/v1/status}. It changes nothing: the next plan starts
 * from the value the other tool wrote.
 */
final class ForeignWriteWatch {
    private static final Logger LOG = Logger.getLogger(ForeignWriteWatch.class);
    static final String REASON = "OverwrittenByOtherManager";
    static final String HINT = "; two managers fight over this field: leave it to skaler (docs/install.md, \"Helm,"
            + " Argo CD and Flux against skaler\")";

    private final KubeView view;
    private final String ourManager;
    private final KubeEvents events;
    private final KubeMetrics metrics;
    private final Clock clock;
    /** "Kind object" -> when this process last wrote it (skaler's own entry may be gone once every field is taken). */
    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();
    private final Set<ForeignWrite> counted = ConcurrentHashMap.newKeySet();
    private volatile List<ForeignWrite> current = List.of();

    ForeignWriteWatch(KubeView view, String ourManager, KubeEvents events, KubeMetrics metrics, Clock clock) {
        this.view = view;
        this.ourManager = ourManager;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The writes found in the last leader cycle. */
    List<ForeignWrite> current() {
        return current;
    }

    void check(Plan plan, ExecutionReport.Builder report) {
        List<ForeignWrite> found = new ArrayList<>();
        for (NodeSetTarget t : plan.targets()) {
            String ns = t.nodeSet().namespace();
            if (view.coverage().gap(ns).isPresent()) {
                continue;
            }
            view.nodeSet(ns, t.nodeSet().name()).ifPresent(live -> find(live, "NodeSet", t.nodeSet().toString(),
                    "replicas", PausedKind.NODESET, OwnedField.REPLICAS, report, found));
        }
        for (NodePoolTarget p : plan.nodePools()) {
            var live = view.nodePool(p.name());
            if (live.isEmpty() || p.mode() == NodePoolTarget.Mode.NONE) {
                continue;
            }
            if (p.mode() == NodePoolTarget.Mode.STATIC) {
                find(live.get(), "NodePool", p.name(), "replicas", PausedKind.NODEPOOL, OwnedField.REPLICAS, report,
                        found);
            } else if (!sameLimits(live.get(), p.limits())) { // limits as skaler sets them: nobody fights now
                find(live.get(), "NodePool", p.name(), "limits", PausedKind.NODEPOOL, OwnedField.LIMITS, report,
                        found);
            }
        }
        current = List.copyOf(found);
    }

    /** Remembers when skaler wrote the objects of {@code done}. */
    void recordWrites(ExecutionReport done) {
        Instant now = clock.instant();
        done.steps().stream().filter(s -> s.outcome() == Outcome.WRITTEN)
                .filter(s -> s.kind().equals("NodeSet") || s.kind().equals("NodePool"))
                .forEach(s -> lastWrite.put(s.kind() + " " + s.target(), now));
    }

    private void find(GenericKubernetesResource live, String kind, String object, String field, PausedKind metricKind,
            OwnedField metricField, ExecutionReport.Builder report, List<ForeignWrite> found) {
        Optional<ForeignWrite> w = FieldOwnership.foreignWrite(live, kind, field, ourManager,
                Optional.ofNullable(lastWrite.get(kind + " " + object)));
        if (w.isEmpty()) {
            return;
        }
        found.add(w.get());
        report.add(kind, object, Outcome.WARNING, w.get().describe() + HINT);
        events.warning(live, REASON, w.get().describe() + HINT);
        if (counted.add(w.get())) {
            metrics.foreignWrite(metricKind, metricField);
            LOG.warn(w.get().describe() + HINT);
        }
    }

    private static boolean sameLimits(GenericKubernetesResource live, Map<String, BigDecimal> wanted) {
        Map<String, BigDecimal> have;
        try {
            have = KubeMapping.nodePool(live).limits();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return wanted.entrySet().stream().allMatch(e -> have.containsKey(e.getKey())
                && have.get(e.getKey()).compareTo(e.getValue()) == 0);
    }
}

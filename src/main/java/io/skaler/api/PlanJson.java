package io.skaler.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.model.AnticipatedJob;
import io.skaler.model.ExcludedJob;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.PartitionDemand;
import io.skaler.model.Plan;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@link Plan} as the JSON users read and support compares: {@code targets} (NodeSets, then NodePools), demand per
 * {@code partitions}, {@code excludedJobs} with their reasons, {@code anticipatedJobs} and when the next job enters the
 * look-ahead ({@code nextLookAheadEntry}), and what the plan was made from. Field order is fixed
 * so two plans diff cleanly.
 */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** One array element per line: reasons are sentences, and a diff of two plans should show which one changed. */
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private PlanJson() {
    }

    /** What the plan was computed from, printed beside it. */
    public record Source(String policyVersion, String slurmApiVersion, List<String> inputProblems) {
        public Source {
            inputProblems = List.copyOf(inputProblems);
        }
    }

    public static ObjectNode tree(Plan plan, Source source) {
        ObjectNode root = JSON.createObjectNode();
        root.put("at", plan.at().toString());
        root.put("policyVersion", source.policyVersion());
        root.put("slurmApiVersion", source.slurmApiVersion());
        root.put("partial", plan.partial());
        ArrayNode targets = root.putArray("targets");
        plan.targets().forEach(t -> targets.add(nodeSet(t)));
        plan.nodePools().forEach(t -> targets.add(nodePool(t)));
        ArrayNode partitions = root.putArray("partitions");
        plan.partitions().forEach(p -> partitions.add(partition(p)));
        ArrayNode excluded = root.putArray("excludedJobs");
        for (ExcludedJob j : plan.excludedJobs()) {
            excluded.addObject().put("jobId", j.jobId()).put("reason", j.reason());
        }
        ArrayNode ahead = root.putArray("anticipatedJobs");
        for (AnticipatedJob j : plan.anticipatedJobs()) {
            ahead.addObject().put("jobId", j.jobId()).put("waitsFor", j.waitsFor())
                    .put("eligibleAt", j.eligibleAt().toString()).put("nodeSet", j.nodeSet().toString())
                    .put("bootTimeSeconds", j.bootTime().toSeconds()).put("bootTimeLearned", j.learned())
                    .put("lookAheadSeconds", j.lookAhead().toSeconds()).put("reason", j.reason());
        }
        // when a job left out only for being beyond its look-ahead comes within it: the loop plans again then
        plan.nextLookAheadEntry().ifPresentOrElse(at -> root.put("nextLookAheadEntry", at.toString()),
                () -> root.putNull("nextLookAheadEntry"));
        strings(root.putArray("warnings"), plan.warnings());
        strings(root.putArray("inputProblems"), source.inputProblems());
        return root;
    }

    public static String write(Plan plan, Source source) {
        return write(tree(plan, source));
    }

    static String write(ObjectNode tree) {
        try {
            return PRETTY.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static ObjectNode nodeSet(NodeSetTarget t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "NodeSet");
        n.put("namespace", t.nodeSet().namespace());
        n.put("name", t.nodeSet().name());
        n.put("partition", t.partition());
        n.put("current", t.current());
        n.put("desired", t.desired());
        n.put("action", t.action().name());
        strings(n.putArray("podsToRemove"), t.podsToRemove());
        t.backoff().ifPresent(b -> n.putObject("backoff")
                .put("level", b.level())
                .put("until", b.until().toString())
                .put("reason", b.reason()));
        strings(n.putArray("reasons"), t.reasons());
        return n;
    }

    private static ObjectNode nodePool(NodePoolTarget t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "NodePool");
        n.put("name", t.name());
        n.put("mode", t.mode().name().toLowerCase());
        ObjectNode limits = n.putObject("limits");
        new TreeMap<>(t.limits()).forEach(limits::put);
        t.replicas().ifPresent(r -> n.put("replicas", r));
        strings(n.putArray("reasons"), t.reasons());
        return n;
    }

    private static ObjectNode partition(PartitionDemand p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", p.name());
        n.put("eligibleJobs", p.eligibleJobs());
        n.put("pendingGpus", p.pendingGpus());
        n.put("pendingCpus", p.pendingCpus());
        ObjectNode gres = n.putObject("pendingGres");
        new TreeMap<String, Long>(p.pendingGres()).forEach(gres::put);
        n.put("nodesNeeded", p.nodesNeeded());
        n.put("unplaceableJobs", p.unplaceableJobs());
        return n;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }
}

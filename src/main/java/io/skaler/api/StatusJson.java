package io.skaler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.kube.ForeignWrite;
import io.skaler.loop.LoopStatus;
import io.skaler.model.NamespaceCoverage;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/status}: what the loop last did, how fresh its sources are, who leads, which policy is in force. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static ObjectNode render(LoopStatus status, Optional<String> kubeStaleReason) {
        return render(status, kubeStaleReason, NamespaceCoverage.ALL, List.of());
    }

    /**
     * Adds {@code sources.slurmJobs}: whether the job list is read whole or incrementally, jobs listed, pending jobs
     * not read yet (scale-in held while above 0), the re-read round (how late a hold or update can be seen) and the
     * last read's duration.
     */
    static ObjectNode withSlurmJobs(ObjectNode root, Optional<io.skaler.slurm.JobsReadState> state) {
        state.ifPresent(s -> {
            ObjectNode jobs = root.with("sources").putObject("slurmJobs");
            jobs.put("mode", s.mode());
            jobs.put("listed", s.listed());
            jobs.put("unread", s.unread());
            jobs.put("recheckRoundSeconds", s.recheckRound().toSeconds());
            jobs.put("lastReadMillis", s.lastRead().toMillis());
        });
        return root;
    }

    /**
     * @param coverage      the namespaces the Kubernetes view sees now: {@code namespaces} lists them and, under
     *                      {@code unseen}, each namespace of the policy it cannot see with the reason
     * @param foreignWrites writes by other field managers found in the last leader cycle ({@code foreignWrites})
     */
    static ObjectNode render(LoopStatus status, Optional<String> kubeStaleReason, NamespaceCoverage coverage,
            List<ForeignWrite> foreignWrites) {
        ObjectNode root = JSON.createObjectNode();
        root.put("leader", status.leader());
        root.put("dryRun", status.dryRun());
        root.put("cycles", status.cycles());
        root.put("lastSuccessAt", status.lastSuccessAt().map(Object::toString).orElse(null));
        status.lastOutcome().ifPresent(o -> {
            ObjectNode last = root.putObject("lastCycle");
            last.put("result", o.result().name());
            last.put("detail", o.detail());
            last.put("startedAt", o.startedAt().toString());
            ObjectNode phases = last.putObject("phaseMillis");
            o.phases().forEach((k, v) -> phases.put(k, v.toMillis()));
            last.put("applied", o.report().applied().size());
            last.put("held", o.report().held().size());
            last.put("failed", o.report().failed().size());
        });
        ObjectNode sources = root.putObject("sources");
        sources.put("kubernetes", kubeStaleReason.map(r -> "stale: " + r).orElse("synced"));
        boolean slurmStale = status.lastOutcome().map(o -> o.detail().startsWith("slurm:")).orElse(false);
        sources.put("slurm", slurmStale ? "unavailable: " + status.lastOutcome().get().detail() : "ok");
        ObjectNode namespaces = root.putObject("namespaces");
        if (coverage.everywhere()) {
            namespaces.put("watched", "*");
        } else {
            var watched = namespaces.putArray("watched");
            coverage.watched().stream().sorted().forEach(watched::add);
        }
        ObjectNode unseen = namespaces.putObject("unseen");
        status.policy().ifPresent(p -> p.policy().partitions().stream().flatMap(x -> x.nodeSets().stream())
                .map(n -> n.ref().namespace()).distinct().sorted()
                .forEach(ns -> coverage.gap(ns).ifPresent(why -> unseen.put(ns, why))));
        var writes = root.putArray("foreignWrites");
        for (ForeignWrite w : foreignWrites) {
            ObjectNode o = writes.addObject();
            o.put("kind", w.kind());
            o.put("object", w.object());
            o.put("field", "spec." + w.field());
            o.put("manager", w.manager());
            o.put("operation", w.operation());
            o.put("at", w.at().toString());
        }
        ObjectNode policy = root.putObject("policy");
        status.policy().ifPresentOrElse(p -> {
            policy.put("version", p.policy().version());
            policy.put("origin", p.origin());
            policy.put("since", p.since().toString());
        }, () -> policy.put("version", "none"));
        status.policyRejection().ifPresent(r -> {
            ObjectNode rejected = policy.putObject("lastRejected");
            rejected.put("origin", r.origin());
            rejected.put("at", r.at().toString());
            var errors = rejected.putArray("errors");
            r.verdict().errors().forEach(e -> errors.add(e.toString()));
        });
        return root;
    }
}

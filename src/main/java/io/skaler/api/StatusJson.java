package io.skaler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.loop.LoopStatus;
import java.util.Optional;

/** {@code GET /api/v1/status}: what the loop last did, how fresh its sources are, who leads, which policy is in force. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static ObjectNode render(LoopStatus status, Optional<String> kubeStaleReason) {
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
            r.verdict().errors().forEach(errors::add);
        });
        return root;
    }
}

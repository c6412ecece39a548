package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures a NodeSet's launches from its pods (created to Slurm registration, or Ready) and the NodeClaims they
 * landed on (created), and
 * keeps the samples on the NodeSet ({@code skaler.io/boot-time-samples}, with the p90 in {@code skaler.io/boot-time}
 * for people), where {@link KubeMapping} reads the estimate back for the planner. Written only when a new launch was
 * counted; an unreadable annotation is replaced by what the pods show, and the report says so.
 */
final class BootTimeRecord {
    /** Longer than this from ask to Ready is not a boot (a stuck launch, or a pod that restarted before counted). */
    static final Duration CEILING = Duration.ofHours(1);

    private final KubeWriter writer;
    private final ExecutorSettings settings;
    private final Clock clock;

    BootTimeRecord(KubeWriter writer, ExecutorSettings settings, Clock clock) {
        this.writer = writer;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The launches the pods show: asked at pod (or earlier NodeClaim) creation, usable when Slurm shows the pod's node
     * registered and up ({@code registrations} by Slurm node name), else at the pod's Ready transition.
     */
    static List<BootTimeLearner.Launch> launches(List<Pod> pods, List<GenericKubernetesResource> nodeClaims,
            Map<String, BootTimeLearner.Registration> registrations) {
        Map<String, Instant> claimCreatedByNode = new HashMap<>();
        for (GenericKubernetesResource c : nodeClaims) {
            String node = Fields.stringAt(c, "", "status", "nodeName");
            time(c.getMetadata().getCreationTimestamp()).ifPresent(t -> {
                if (!node.isEmpty()) {
                    claimCreatedByNode.put(node, t);
                }
            });
        }
        List<BootTimeLearner.Launch> out = new ArrayList<>();
        for (Pod p : pods) {
            Optional<Instant> created = time(p.getMetadata().getCreationTimestamp());
            if (created.isEmpty() || p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            Instant asked = BootTimeLearner.asked(created.get(),
                    Optional.ofNullable(node == null ? null : claimCreatedByNode.get(node)));
            out.add(new BootTimeLearner.Launch(p.getMetadata().getName(), asked, BootTimeLearner.usable(created.get(),
                    readySince(p), Optional.ofNullable(registrations.get(KubeMapping.slurmNodeName(p))))));
        }
        return out;
    }

    static Optional<Instant> readySince(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return p.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().flatMap(c -> time(c.getLastTransitionTime()));
    }

    /** Learns from {@code pods} and writes the samples to the NodeSet when they changed. */
    void record(String target, List<Pod> pods, List<GenericKubernetesResource> nodeClaims,
            Map<String, BootTimeLearner.Registration> registrations, boolean dryRun,
            Resource<GenericKubernetesResource> res, GenericKubernetesResource live, ExecutionReport.Builder report) {
        String stored = Fields.annotations(live).get(KubeNames.BOOT_TIME_SAMPLES);
        BootTimeSamples prior;
        String unreadable = "";
        try {
            prior = BootTimeSamples.parse(stored);
        } catch (IllegalArgumentException e) {
            prior = BootTimeSamples.NONE;
            unreadable = "replacing unreadable " + KubeNames.BOOT_TIME_SAMPLES + " (" + e.getMessage() + "); ";
        }
        BootTimeSamples next = BootTimeLearner.learn(prior, launches(pods, nodeClaims, registrations), clock.instant(),
                CEILING);
        if (next.equals(prior) && unreadable.isEmpty()) {
            return;
        }
        Map<String, String> wanted = new HashMap<>();
        wanted.put(KubeNames.BOOT_TIME_SAMPLES, next.annotation());
        BootTimeLearner.estimate(next).ifPresent(d -> wanted.put(KubeNames.BOOT_TIME, d.toSeconds() + "s"));
        String what = unreadable + "boot time samples " + next.seconds() + BootTimeLearner.estimate(next)
                .map(d -> ", p90 " + d.toSeconds() + "s").orElse(" (too few for an estimate yet)");
        if (dryRun || settings.dryRun()) {
            report.add("NodeSet", target, Outcome.WOULD_WRITE, what);
            return;
        }
        var out = writer.write("NodeSet", "patch", target, what, () -> {
            GenericKubernetesResource cur = res.get();
            if (cur == null) {
                throw new KubeWriter.Refused("NodeSet disappeared");
            }
            res.patch(PatchContext.of(PatchType.JSON_MERGE),
                    Patches.annotations(cur.getMetadata().getResourceVersion(), wanted));
            return true;
        });
        report.add("NodeSet", target, out.outcome(), what + ": " + out.detail());
    }

    private static Optional<Instant> time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

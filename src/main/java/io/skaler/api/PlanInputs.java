package io.skaler.api;

import io.skaler.kube.KubeObjectsFile;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetState;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyError;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import io.skaler.slurm.BadAnswerException;
import io.skaler.slurm.SlurmSnapshotDirectory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything {@code skaler plan} decides from, read from files: the Slurm snapshot directory, the policy and,
 * optionally, the Kubernetes objects. Each unusable input becomes a {@link BadInputException} naming the file, the
 * field and the reason; nothing else escapes.
 *
 * @param problems things noticed in the inputs that did not stop the plan (e.g. a truncated array task string)
 * @param kubeFile what {@code --kube FILE} held (objects read and skipped, by kind), when given
 */
record PlanInputs(Snapshot snapshot, Policy policy, Instant now, List<String> problems,
        Optional<KubeObjectsFile.Parsed> kubeFile) {

    static PlanInputs load(Path slurmDir, Path policyFile, Optional<Path> kubeFile, Optional<String> nowText)
            throws BadInputException {
        Optional<Instant> now = nowText.isPresent() ? Optional.of(instant(nowText.get())) : Optional.empty();
        Policy policy = policy(policyFile);
        SlurmSnapshotDirectory.Loaded slurm = slurm(slurmDir);
        // by default "now" is when the Slurm answers were saved, so the same files always give the same plan
        Instant at = now.orElse(slurm.snapshot().readAt());
        Optional<KubeObjectsFile.Parsed> parsed = kubeFile.isPresent()
                ? Optional.of(kube(kubeFile.get(), at)) : Optional.empty();
        KubeSnapshot kube = parsed.map(KubeObjectsFile.Parsed::snapshot).orElseGet(() -> emptyCluster(policy, at));
        return new PlanInputs(new Snapshot(slurm.snapshot(), kube), policy, at, slurm.problems(), parsed);
    }

    static Instant instant(String text) throws BadInputException {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadInputException("--now", "", "\"" + text + "\" is not an ISO-8601 instant"
                    + " (for example 2026-11-25T23:00:00Z)");
        }
    }

    static Policy policy(Path file) throws BadInputException {
        String text = read(file);
        PolicyResult result = PolicyParser.parse(text);
        if (result instanceof PolicyResult.Valid valid) {
            return valid.policy();
        }
        List<PolicyError> errors = ((PolicyResult.Invalid) result).errors();
        PolicyError first = errors.get(0);
        // one line, every error: the first names its field, the others follow after "; "
        String more = errors.stream().skip(1).map(PolicyError::toString).collect(Collectors.joining("; "));
        String reason = first.reason() + (more.isEmpty() ? "" : "; " + more + " (" + errors.size() + " errors)");
        throw new BadInputException(file.toString(), first.path(), reason);
    }

    static SlurmSnapshotDirectory.Loaded slurm(Path dir) throws BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir.toString(), "", Files.exists(dir)
                    ? "not a directory (expected one holding jobs.json, nodes.json and partitions.json)"
                    : "no such directory");
        }
        try {
            return new SlurmSnapshotDirectory().load(dir);
        } catch (NoSuchFileException e) {
            throw new BadInputException(e.getFile(), "", e.getReason() == null ? "no such file" : e.getReason());
        } catch (BadAnswerException e) {
            String path = e.path();
            int colon = path.indexOf(':');
            String file = colon < 0 ? dir.toString() : dir.resolve(path.substring(0, colon)).toString();
            String field = colon < 0 ? path : path.substring(colon + 1);
            String reason = e.reason() + (e.slurmErrors().isEmpty() ? "" : " " + e.slurmErrors());
            throw new BadInputException(file, field, reason);
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), "", "cannot read: " + e);
        } catch (RuntimeException e) {
            throw new BadInputException(dir.toString(), "", "unreadable Slurm snapshot: " + e);
        }
    }

    static KubeObjectsFile.Parsed kube(Path file, Instant at) throws BadInputException {
        String text = read(file);
        try {
            return KubeObjectsFile.parseCounted(text, at);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "", e.getMessage());
        } catch (RuntimeException e) {
            throw new BadInputException(file.toString(), "", "unreadable Kubernetes objects: " + e);
        }
    }

    /**
     * Without {@code --kube}: every managed NodeSet exists at 0 replicas with no pods, and every NodePool the policy
     * binds exists with no limits, no usage and nothing in flight: the plan then says what a cold cluster needs.
     */
    static KubeSnapshot emptyCluster(Policy policy, Instant at) {
        List<NodeSetState> nodeSets = new ArrayList<>();
        Map<String, NodePoolState> pools = new TreeMap<>();
        for (var partition : policy.partitions()) {
            for (var ns : partition.nodeSets()) {
                nodeSets.add(new NodeSetState(ns.ref(), 0, 0, 0, false, List.of(),
                        Optional.empty(), Optional.empty(), 0));
                NodePoolBinding pool = ns.nodePool();
                if (pool.mode() != NodePoolBinding.Mode.NONE) {
                    OptionalLong replicas = pool.mode() == NodePoolBinding.Mode.STATIC
                            ? OptionalLong.of(0) : OptionalLong.empty();
                    pools.putIfAbsent(pool.name(), new NodePoolState(pool.name(), Map.of(), Map.of(), replicas,
                            "WhenEmpty", false, false));
                }
            }
        }
        return new KubeSnapshot(nodeSets, List.copyOf(pools.values()), List.of(), at);
    }

    static String read(Path file) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.toString(), "", Files.exists(file) ? "not a regular file" : "no such file");
        }
        try {
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file.toString(), "", "not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "", "cannot read: " + e);
        }
    }

    /** For the JSON: the Slurm side's own record of when and with which API it was read. */
    SlurmSnapshot slurm() {
        return snapshot.slurm();
    }
}

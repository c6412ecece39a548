package io.skaler.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments;
import io.skaler.sandbox.Scenario;
import io.skaler.sandbox.UserCluster;
import io.skaler.sandbox.Workload;
import io.skaler.sandbox.WorkloadFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code sandbox --cluster FILE --policy FILE [--workload FILE]}: the user's objects, policy and jobs read and turned
 * into a scenario; each unusable input is a {@link BadInputException} naming the file, the document or field and the
 * reason, as {@code plan} does.
 */
final class SandboxInputs {
    private SandboxInputs() {
    }

    /**
     * @param objects    the user's objects to create (empty with only {@code --workload}: the bundled cluster)
     * @param policyText the user's policy as written
     * @param dropped    bundled job groups left out, their partitions not in the policy
     */
    record Loaded(Scenario scenario, Optional<List<JsonNode>> objects, String policyText, List<String> dropped) {
        void describe(PrintStream out) {
            if (objects.isEmpty()) {
                out.println("sandbox: your workload on the bundled cluster");
                return;
            }
            out.printf("sandbox: your cluster: NodeSets %s; NodePools %s%n",
                    String.join(", ", scenario.nodeSets().stream().map(n -> n.name() + " (" + n.partition() + ")")
                            .toList()),
                    String.join(", ", scenario.nodePools().stream().map(p -> p.name()).toList()));
            if (!dropped.isEmpty()) {
                out.println("sandbox: " + dropped.size() + " bundled job group(s) dropped, their partitions are not in"
                        + " your policy: " + String.join("; ", dropped));
            }
        }
    }

    static Optional<Loaded> load(Optional<Path> cluster, Optional<Path> policy, Optional<Path> workload,
            Scenario bundled) throws BadInputException {
        if (cluster.isEmpty() && policy.isEmpty() && workload.isEmpty()) {
            return Optional.empty();
        }
        if (cluster.isPresent() != policy.isPresent()) {
            throw new BadInputException("sandbox", cluster.isPresent() ? "--policy" : "--cluster",
                    "--cluster and --policy go together");
        }
        Optional<Workload> jobs = workload.isPresent() ? Optional.of(workload(workload.get())) : Optional.empty();
        if (cluster.isEmpty()) {
            var s = bundled;
            return Optional.of(new Loaded(new Scenario(s.name(), s.start(), s.namespace(), s.nodeSets(),
                    s.nodePools(), s.karpenter(), s.podStartDelay(), s.drainRecheck(), jobs.get()), Optional.empty(),
                    "", List.of()));
        }
        var thePolicy = PlanInputs.policy(policy.get());
        String policyText = PlanInputs.read(policy.get());
        List<KubeDocuments.KubeObject> objects = CheckCommand.objects(cluster.get());
        try {
            UserCluster built = UserCluster.build(objects, thePolicy, jobs, bundled);
            return Optional.of(new Loaded(built.scenario(), Optional.of(built.objects().stream()
                    .map(KubeDocuments.KubeObject::body).toList()), policyText, built.droppedJobGroups()));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.startsWith("policy: ")) {
                throw new BadInputException(policy.get().toString(), "", message.substring("policy: ".length()));
            }
            if (message.startsWith("workload: ")) {
                throw new BadInputException(workload.map(Path::toString).orElse("bundled workload"), "",
                        message.substring("workload: ".length()));
            }
            throw new BadInputException(cluster.get().toString(), "", message);
        }
    }

    private static Workload workload(Path file) throws BadInputException {
        PlanInputs.read(file); // the same refusals as every input: missing, not a file, not UTF-8
        try (InputStream in = Files.newInputStream(file)) {
            return WorkloadFile.parse(in);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "", e.getMessage());
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "", "not valid YAML: " + SkalerCommand.oneLine(
                    String.valueOf(e.getMessage())));
        }
    }
}

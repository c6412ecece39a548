package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skaler plan} end to end, in-process: real files in, the JSON or the one-line error out. */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = SkalerCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path fixture() {
        try {
            return Path.of(PlanCommandTest.class.getResource("/plan/gpu/jobs.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of the fixture directory, to break one file at a time. */
    Path copy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("snap"));
        try (Stream<Path> files = Files.list(fixture())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    static Run plan(Path dir, String... extra) {
        var args = Stream.concat(Stream.of("plan", "--slurm", dir.toString(), "--policy",
                dir.resolve("policy.yaml").toString()), Stream.of(extra)).toArray(String[]::new);
        return run(args);
    }

    @Test
    void printsThePlanForTheClusterAsGiven() {
        Path dir = fixture();
        Run r = plan(dir, "--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        JsonNode plan = r.json();
        assertThat(plan.path("at").asText()).isEqualTo("2026-11-25T23:00:00Z");
        assertThat(plan.path("slurmApiVersion").asText()).isEqualTo("v0.0.42");
        assertThat(plan.path("policyVersion").asText()).matches("[0-9a-f]{12}");
        assertThat(plan.path("partial").asBoolean()).isFalse();

        JsonNode gpu = plan.path("targets").get(0);
        assertThat(gpu.path("kind").asText()).isEqualTo("NodeSet");
        assertThat(gpu.path("namespace").asText()).isEqualTo("slurm");
        assertThat(gpu.path("name").asText()).isEqualTo("slurm-worker-gpu-h100");
        assertThat(gpu.path("partition").asText()).isEqualTo("gpu-h100");
        // both registered nodes run jobs: job 900 needs 4 whole nodes, job 901 half of one -> 5 new nodes
        assertThat(gpu.path("current").asInt()).isEqualTo(2);
        assertThat(gpu.path("desired").asInt()).isEqualTo(7);
        assertThat(gpu.path("action").asText()).isEqualTo("SCALE_UP");
        assertThat(gpu.path("reasons")).isNotEmpty();

        JsonNode trn = plan.path("targets").get(1);
        assertThat(trn.path("name").asText()).isEqualTo("slurm-worker-trn1");
        assertThat(trn.path("current").asInt()).isZero();
        assertThat(trn.path("desired").asInt()).isEqualTo(2);

        JsonNode pool = plan.path("targets").get(2);
        assertThat(pool.path("kind").asText()).isEqualTo("NodePool");
        assertThat(pool.path("name").asText()).isEqualTo("p5-h100");
        assertThat(pool.path("mode").asText()).isEqualTo("limits");
        assertThat(pool.path("limits").path("nvidia.com/gpu").asLong()).isEqualTo(7 * 8);

        JsonNode gpuDemand = plan.path("partitions").get(0);
        assertThat(gpuDemand.path("name").asText()).isEqualTo("gpu-h100");
        assertThat(gpuDemand.path("eligibleJobs").asInt()).isEqualTo(2);
        assertThat(gpuDemand.path("pendingGpus").asLong()).isEqualTo(4 * 8 + 4);
        assertThat(gpuDemand.path("nodesNeeded").asInt()).isEqualTo(5);

        assertThat(plan.path("excludedJobs")).hasSize(1);
        assertThat(plan.path("excludedJobs").get(0).path("jobId").asLong()).isEqualTo(812);
        assertThat(plan.path("excludedJobs").get(0).path("reason").asText()).isEqualTo("JobHeldUser");
    }

    @Test
    void hostNetworkPodsAreTheSlurmNodesOfTheirKubernetesNodes() throws IOException {
        // slurm-operator's GetSlurmNodeName: with hostNetwork, slurmd registers as the Kubernetes node's name; the
        // pod-hostname label (written at creation, before scheduling) and spec.hostname do not name it
        Path dir = copy();
        String nodes = Files.readString(dir.resolve("nodes.json"));
        Files.writeString(dir.resolve("nodes.json"), nodes.replace("\"slurm-worker-gpu-h100-0\"", "\"ip-10-0-1-7\"")
                .replace("\"slurm-worker-gpu-h100-1\"", "\"ip-10-0-2-9\""));
        String kube = Files.readString(dir.resolve("kube.yaml"));
        for (String[] pod : new String[][] {{"0", "ip-10-0-1-7"}, {"1", "ip-10-0-2-9"}}) {
            kube = kube.replace("spec: {hostname: slurm-worker-gpu-h100-" + pod[0] + ",",
                    "spec: {hostNetwork: true, nodeName: " + pod[1] + ", hostname: slurm-worker-gpu-h100-" + pod[0]
                            + ",");
            kube = kube.replace("labels: {app.kubernetes.io/instance: slurm-worker-gpu-h100}\n  ownerReferences: "
                    + "[{apiVersion: slinky.slurm.net/v1beta1, kind: NodeSet, name: slurm-worker-gpu-h100, uid: u"
                    + (Integer.parseInt(pod[0]) + 1) + "}]",
                    "labels: {app.kubernetes.io/instance: slurm-worker-gpu-h100, "
                    + "nodeset.slinky.slurm.net/pod-hostname: slurm-worker-gpu-h100-" + pod[0]
                    + ", nodeset.slinky.slurm.net/scaling-mode: StatefulSet}\n  ownerReferences: "
                    + "[{apiVersion: slinky.slurm.net/v1beta1, kind: NodeSet, name: slurm-worker-gpu-h100, uid: u"
                    + (Integer.parseInt(pod[0]) + 1) + "}]");
        }
        assertThat(kube).contains("nodeName: ip-10-0-2-9").contains("pod-hostname: slurm-worker-gpu-h100-1");
        Files.writeString(dir.resolve("kube.yaml"), kube);

        Run r = plan(dir, "--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        // the two registered nodes are busy, not still coming: 5 new nodes, as with ordinary pods
        assertThat(r.json().path("targets").get(0).path("desired").asInt()).isEqualTo(7);
    }

    @Test
    void aNodeSetInDaemonSetScalingModeIsNotManaged() throws IOException {
        // slurm-operator ignores spec.replicas in DaemonSet mode: raising them would do nothing, so skaler says so
        Path dir = copy();
        String kube = Files.readString(dir.resolve("kube.yaml"));
        Files.writeString(dir.resolve("kube.yaml"), kube.replace("spec: {replicas: 2}",
                "spec: {replicas: 2, scalingMode: DaemonSet}"));

        Run r = plan(dir, "--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode gpu = r.json().path("targets").get(0);
        assertThat(gpu.path("name").asText()).isEqualTo("slurm-worker-gpu-h100");
        assertThat(gpu.path("action").asText()).isEqualTo("HOLD");
        assertThat(gpu.path("desired").asInt()).isEqualTo(2);
        assertThat(gpu.path("reasons").get(0).asText()).contains("DaemonSet").contains("ignores spec.replicas");
        assertThat(r.json().path("warnings").toString()).contains("slurm/slurm-worker-gpu-h100")
                .contains("scalingMode is DaemonSet");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v0.0.40", "v0.0.41", "v0.0.43", "v0.0.44"})
    void readsTheSnapshotOfEverySupportedVersion(String version) throws IOException {
        Path dir = copy();
        for (String f : new String[] {"jobs.json", "nodes.json", "partitions.json"}) {
            String text = Files.readString(dir.resolve(f));
            Files.writeString(dir.resolve(f), text.replace("data_parser/v0.0.42", "data_parser/" + version));
        }
        Run r = plan(dir, "--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("slurmApiVersion").asText()).isEqualTo(version);
        assertThat(r.json().path("targets").get(0).path("desired").asInt()).isEqualTo(7);
        assertThat(r.json().path("partitions").get(0).path("pendingGpus").asLong()).isEqualTo(36);
    }

    @Test
    void withoutKubeEveryNodeSetStartsAtZero() {
        Run r = plan(fixture(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode gpu = r.json().path("targets").get(0);
        assertThat(gpu.path("current").asInt()).isZero();
        assertThat(gpu.path("desired").asInt()).isEqualTo(5);
        assertThat(r.json().path("targets").get(2).path("kind").asText()).isEqualTo("NodePool");
    }

    @Test
    void theSameFilesGiveTheSamePlan() {
        Path dir = fixture();
        String[] kube = {"--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z"};
        assertThat(plan(dir, kube).out()).isEqualTo(plan(dir, kube).out());
    }

    @Test
    void nowDefaultsToWhenJobsJsonWasWritten() throws IOException {
        Path dir = copy();
        Instant saved = Instant.parse("2026-11-20T08:30:00Z");
        Files.setLastModifiedTime(dir.resolve("jobs.json"), FileTime.from(saved));
        Run r = plan(dir);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("at").asText()).isEqualTo(saved.toString());
    }

    @Test
    void helpDocumentsEveryOption() {
        Run r = run("plan", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--slurm=DIR", "--policy=FILE", "--kube=FILE", "--now=ISO-8601",
                "jobs.json", "targets", "excludedJobs", "Exit status");
        Run top = run("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("plan", "Usage: skaler");
    }

    // ---- bad input: exit 2, one line naming the file, the field and the reason, no stack trace

    static void assertBadInput(Run r, String... parts) {
        assertThat(r.exit()).as("exit status; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.err()).contains(parts).doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingOption() {
        assertBadInput(run("plan", "--policy", "p.yaml"), "Missing required option", "--slurm", "skaler plan --help");
    }

    @Test
    void unknownOption() {
        assertBadInput(run("plan", "--slurm", "d", "--policy", "p", "--colour"), "plan: unknown option '--colour'");
    }

    @Test
    void slurmDirectoryMissing() {
        Path missing = tmp.resolve("nowhere");
        assertBadInput(run("plan", "--slurm", missing.toString(), "--policy",
                fixture().resolve("policy.yaml").toString()), missing + ": no such directory");
    }

    @Test
    void jobsJsonMissing() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("jobs.json"));
        assertBadInput(plan(dir), dir.resolve("jobs.json").toString(), "needs jobs.json");
    }

    @Test
    void jobsJsonTruncated() throws IOException {
        Path dir = copy();
        String text = Files.readString(dir.resolve("jobs.json"));
        Files.writeString(dir.resolve("jobs.json"), text.substring(0, text.length() / 2));
        assertBadInput(plan(dir), dir.resolve("jobs.json") + ": ");
    }

    @Test
    void jobFieldOfTheWrongType() throws IOException {
        Path dir = copy();
        String text = Files.readString(dir.resolve("jobs.json"));
        Files.writeString(dir.resolve("jobs.json"), text.replace("\"tres_per_node\": \"gres/gpu:h100:4\"",
                "\"tres_per_node\": [\"gres/gpu:h100:4\"]"));
        assertBadInput(plan(dir), dir.resolve("jobs.json") + ": /jobs/2/tres_per_node: ");
    }

    @Test
    void unsupportedSlurmApiVersion() throws IOException {
        Path dir = copy();
        for (String f : new String[] {"jobs.json", "nodes.json", "partitions.json"}) {
            String text = Files.readString(dir.resolve(f));
            Files.writeString(dir.resolve(f), text.replace("data_parser/v0.0.42", "data_parser/v0.0.39"));
        }
        assertBadInput(plan(dir), dir.resolve("jobs.json") + ": /meta/plugin/data_parser: ", "v0.0.39");
    }

    @Test
    void policyMissing() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("policy.yaml"));
        assertBadInput(plan(dir), dir.resolve("policy.yaml") + ": no such file");
    }

    @Test
    void policyInvalid() throws IOException {
        Path dir = copy();
        String text = Files.readString(dir.resolve("policy.yaml"));
        Files.writeString(dir.resolve("policy.yaml"), text.replace("minReplicas: 0", "minReplicas: 20"));
        assertBadInput(plan(dir), dir.resolve("policy.yaml")
                + ": partitions[0].nodeSets[0].maxReplicas: must be >= minReplicas (20)");
    }

    @Test
    void policyWithSeveralErrorsStillGivesOneLine() throws IOException {
        Path dir = copy();
        String text = Files.readString(dir.resolve("policy.yaml"));
        Files.writeString(dir.resolve("policy.yaml"), text.replace("minReplicas: 0", "minReplicas: 20")
                .replace("mode: limits", "mode: limit").replace("idleFor: 10m", "idleFor: 10"));
        assertBadInput(plan(dir), dir.resolve("policy.yaml") + ": defaults.scaleDown.idleFor: must be a duration such as 10m, 1h30m, 90s or 500ms, got number 10",
                "; partitions[0].nodeSets[0].maxReplicas: must be >= minReplicas (20)",
                "; partitions[0].nodeSets[0].nodePool.mode: must be one of limits, static, none", "(3 errors)");
    }

    @Test
    void policyNotYaml() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("policy.yaml"), "apiVersion: [\n  kind: {\n");
        assertBadInput(plan(dir), dir.resolve("policy.yaml") + ": YAML syntax error at line");
    }

    @Test
    void kindsThePlanDoesNotReadAreSkippedAndCounted() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("kube.yaml"), "# Source: slurm/templates/x.yaml\n---\n"
                + Files.readString(dir.resolve("kube.yaml"))
                + "---\n# Source: empty\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: slurm}\n"
                + "---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n"
                + "- {apiVersion: v1, kind: Secret, metadata: {name: t}}\n");
        Run r = plan(dir, "--kube", dir.resolve("kube.yaml").toString(), "--now", "2026-11-25T23:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().path("targets").get(0).path("desired").asInt()).isEqualTo(7);
        JsonNode kube = r.json().path("kubeFile");
        assertThat(kube.path("skipped").path("Deployment").asInt()).isEqualTo(1);
        assertThat(kube.path("skipped").path("Secret").asInt()).isEqualTo(2);
        assertThat(kube.path("read").path("NodeSet").asInt()).isEqualTo(2);
        assertThat(kube.path("note").asText()).isEqualTo("skipped 3 objects of kinds skaler plan does not read"
                + " (Deployment, Secret)");
    }

    @Test
    void aMalformedObjectOfAReadKindIsStillRefused() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("kube.yaml"), Files.readString(dir.resolve("kube.yaml"))
                + "---\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: bad}\nspec: {limits: {cpu: lots}}\n");
        assertBadInput(plan(dir, "--kube", dir.resolve("kube.yaml").toString()),
                dir.resolve("kube.yaml") + ": document 6 (NodePool bad): ", "spec.limits.cpu");
    }

    @Test
    void kubeFileNotYaml() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("kube.yaml"), "kind: NodeSet\n  metadata: [\n");
        assertBadInput(plan(dir, "--kube", dir.resolve("kube.yaml").toString()),
                dir.resolve("kube.yaml") + ": not valid YAML");
    }

    @Test
    void kubeFileMissing() {
        Path missing = tmp.resolve("cluster.yaml");
        assertBadInput(plan(fixture(), "--kube", missing.toString()), missing + ": no such file");
    }

    @Test
    void nowNotAnInstant() {
        assertBadInput(plan(fixture(), "--now", "yesterday"),
                "--now: \"yesterday\" is not an ISO-8601 instant (for example 2026-11-25T23:00:00Z)");
    }
}

package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skaler sandbox --cluster --policy --workload} end to end: the run on the user's cluster, and its refusals. */
class SandboxUserClusterTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Path resource(String name) {
        try {
            return Path.of(SandboxUserClusterTest.class.getResource("/sandbox/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sandbox prints to System.out: captured for the run. */
    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.runOffline(args, System.out, new PrintStream(err));
        } finally {
            System.setOut(saved);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsOnTheUsersClusterWithTheirJobs() {
        Run r = run("sandbox", "--cluster", resource("small-cluster.yaml").toString(), "--policy",
                resource("small-policy.yaml").toString(), "--workload", resource("small-workload.yaml").toString(),
                "--speed", "200", "--html", tmp.resolve("r.html").toString());
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("sandbox: your cluster: NodeSets cpu (cpu); NodePools m7i",
                "2 submissions", "scale", "cpu");
        assertThat(r.out()).containsPattern("killed +0");
    }

    static void assertBadInput(Run r, String... parts) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(parts).doesNotContain("Exception");
    }

    @Test
    void clusterNeedsPolicy() {
        assertBadInput(run("sandbox", "--cluster", resource("small-cluster.yaml").toString()),
                "sandbox: --policy: --cluster and --policy go together");
    }

    @Test
    void aMalformedWorkloadNamesTheField() throws IOException {
        Path w = Files.writeString(tmp.resolve("w.yaml"), "jobs:\n  - {name: x, partition: cpu, runtime: soon}\n");
        assertBadInput(run("sandbox", "--cluster", resource("small-cluster.yaml").toString(), "--policy",
                resource("small-policy.yaml").toString(), "--workload", w.toString()), w + ": jobs.x.runtime");
    }

    @Test
    void aMalformedObjectNamesTheDocument() throws IOException {
        Path c = Files.writeString(tmp.resolve("c.yaml"), Files.readString(resource("small-cluster.yaml"))
                .replace("limits: {cpu: \"1024\"}", "limits: {cpu: lots}"));
        assertBadInput(run("sandbox", "--cluster", c.toString(), "--policy", resource("small-policy.yaml").toString()),
                c + ": document 1 item 6 (NodePool m7i): spec.limits.cpu");
    }

    @Test
    void aNodeSetMissingFromTheClusterNamesThePolicy() throws IOException {
        Path p = Files.writeString(tmp.resolve("p.yaml"), Files.readString(resource("small-policy.yaml"))
                .replace("- name: cpu\n        namespace", "- name: gpu\n        namespace"));
        assertBadInput(run("sandbox", "--cluster", resource("small-cluster.yaml").toString(), "--policy",
                p.toString()), p + ": partitions.cpu.nodeSets: NodeSet slurm/gpu is not in the cluster file");
    }
}

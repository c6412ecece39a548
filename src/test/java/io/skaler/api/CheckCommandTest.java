package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skaler check} end to end, offline: files in, the checklist and the exit status out. */
class CheckCommandTest {
    /** What the plan fixture's cluster needs beside its NodeSets, pods and NodePool to be a working install. */
    static final String INSTALL = """
            ---
            apiVersion: slinky.slurm.net/v1beta1
            kind: Controller
            metadata: {name: slurm, namespace: slurm}
            spec: {clusterName: slurm}
            ---
            apiVersion: slinky.slurm.net/v1beta1
            kind: RestApi
            metadata: {name: slurm, namespace: slurm}
            spec: {controllerRef: {name: slurm}, replicas: 1}
            ---
            apiVersion: karpenter.sh/v1
            kind: NodeClaim
            metadata: {name: p5-h100-a1, labels: {karpenter.sh/nodepool: p5-h100}}
            status: {capacity: {cpu: "96", memory: 1000000Mi, nvidia.com/gpu: "8"}}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: skaler-slurm, namespace: slurm}
            rules:
            - {apiGroups: [slinky.slurm.net], resources: [nodesets/scale], verbs: [get, update]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: skaler-slurm, namespace: slurm}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: skaler-slurm}
            subjects: [{kind: ServiceAccount, name: skaler, namespace: skaler}]
            """;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = SkalerCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path kube(String extra) throws IOException {
        Path file = tmp.resolve("cluster.yaml");
        String withControllerRefs = Files.readString(PlanCommandTest.fixture().resolve("kube.yaml"))
                .replace("spec: {replicas: 2}", "spec: {replicas: 2, controllerRef: {name: slurm}}")
                .replace("spec: {replicas: 0}", "spec: {replicas: 0, controllerRef: {name: slurm}}");
        Files.writeString(file, withControllerRefs + extra);
        return file;
    }

    Run check(Path kube) {
        Path dir = PlanCommandTest.fixture();
        return run("check", "--kube", kube.toString(), "--slurm", dir.toString(), "--policy",
                dir.resolve("policy.yaml").toString());
    }

    @Test
    void aWorkingInstallPasses() throws IOException {
        Run r = check(kube(INSTALL));
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("pass  operator-slurm-client", "pass  nodepool-limits", "pass  rbac-namespaces",
                "pass  pod-slurm-node-mapping", "this install can work").doesNotContain("fail  ");
    }

    @Test
    void aMissingRestApiFailsWithItsFix() throws IOException {
        Run r = check(kube(INSTALL.replace("kind: RestApi", "kind: LoginSet")));
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("fail  operator-slurm-client", "no RestApi in slurm names Controller slurm",
                "fix: enable the RestApi", "fix the failures above");
    }

    @Test
    void limitsFollowTheMachineTheNodeClaimsReportNotSlurmsSmallerShape() throws IOException {
        Run r = check(kube(INSTALL.replace("cpu: \"96\"", "cpu: \"192\"")));
        assertThat(r.out()).contains("pass  nodepool-limits", "in whole machines").doesNotContain("fail  nodepool");
    }

    @Test
    void aMalformedObjectIsBadInputInOneLine() throws IOException {
        Path file = kube(INSTALL + "---\napiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: x}\n"
                + "spec: {limits: {cpu: lots}}\n");
        Run r = check(file);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(file + ": document 11 (NodePool x): spec.limits.cpu");
    }

    @Test
    void helpNamesEveryCheckAndTheExitStatus() {
        Run r = run("check", "--help");
        assertThat(r.exit()).isZero();
        for (var c : io.skaler.api.check.Checks.ALL) {
            assertThat(r.out()).contains(c.name());
        }
        assertThat(r.out()).contains("--kube=FILE", "--live", "--slurm-url=URL", "Exit status");
    }

    @Test
    void withoutAnyInputItSaysWhatToGive() {
        Run r = run("check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("check: give --kube FILE, --slurm DIR and/or --policy FILE (offline),"
                + " or --live");
    }

    @Test
    void liveOptionsNeedLive() {
        Run r = run("check", "--policy", "p.yaml", "--slurm-url", "http://x:6820");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("check: --slurm-url: needs --live");
    }

    @Test
    void onlyAPolicySkipsWhatNeedsTheRest() {
        Run r = run("check", "--policy", PlanCommandTest.fixture().resolve("policy.yaml").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("skip  operator-slurm-client", "skipped (input not given)");
    }
}

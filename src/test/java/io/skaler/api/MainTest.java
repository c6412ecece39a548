package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Only bare {@code skaler} or {@code skaler serve} start the service; anything else is the offline command line. */
class MainTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        return run(Main::runOffline, args);
    }

    /** As the service image runs: the same command line, built without the sandbox's classes. */
    static Run runWithoutSandbox(String... args) {
        return run((a, out, err) -> {
            var o = new java.io.PrintWriter(out, true, StandardCharsets.UTF_8);
            var e = new java.io.PrintWriter(err, true, StandardCharsets.UTF_8);
            return SkalerCommand.commandLine(o, e, "io.skaler.api.NotInThisBuild").execute(a);
        }, args);
    }

    interface Offline {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static Run run(Offline offline, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = offline.run(args, new PrintStream(out), new PrintStream(err));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyBareSkalerOrServeStartsTheService() {
        assertThat(Main.startsService(new String[] {})).isTrue();
        assertThat(Main.startsService(new String[] {"serve"})).isTrue();
        assertThat(Main.startsService(new String[] {"serve", "--foo"})).isFalse();
        assertThat(Main.startsService(new String[] {"chek", "--foo"})).isFalse();
        assertThat(Main.startsService(new String[] {"--foo"})).isFalse();
        assertThat(Main.startsService(new String[] {"-Dquarkus.http.port=9"})).isFalse();
        assertThat(Main.startsService(new String[] {"plan", "--slurm", "d"})).isFalse();
    }

    @Test
    void anOfflineCommandRunsToItsExitStatusWithoutTheService() {
        Run help = run("plan", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: skaler plan");
        Run bad = run("plan");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "chek --foo          | skaler: unknown command 'chek'; did you mean 'check'? (see skaler --help)",
        "pln                 | skaler: unknown command 'pln'; did you mean 'plan'? (see skaler --help)",
        "sandbx --speed 10   | skaler: unknown command 'sandbx'; did you mean 'sandbox'? (see skaler --help)",
        "serv                | skaler: unknown command 'serv'; did you mean 'serve'? (see skaler --help)",
        "xyzzy               | skaler: unknown command 'xyzzy' (see skaler --help)",
        "--foo               | skaler: unknown option '--foo' (see skaler --help)",
        "--hepl              | skaler: unknown option '--hepl'; did you mean '--help'? (see skaler --help)",
        "-Dquarkus.http.port=9 | skaler: unknown option '-Dquarkus.http.port'",
        "serve --foo         | serve: unknown option '--foo' (see skaler serve --help)",
        "plan --slurm d --policy p --polcy p | plan: unknown option '--polcy'; did you mean '--policy'? (see skaler plan --help)",
    })
    void anythingUnknownIsRefusedInOneLineWithASuggestion(String args, String expected) {
        Run r = run(args.strip().split("\\s+"));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err().strip()).startsWith(expected.strip());
    }

    @Test
    void helpListsServe() {
        assertThat(run("--help").out()).contains("serve", "plan", "sandbox");
    }

    @Test
    void theSandboxCommandIsFoundByNameWhereTheBuildHasIt() {
        Run help = run("sandbox", "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: skaler sandbox", "--history", "--slurm-url");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sandbox", "sandbox --help", "sandbox --history jobs.json --html r.html", "sandbox --speed 10 x"})
    void withoutTheSandboxItsCommandSaysSoInOneLine(String args) {
        Run r = runWithoutSandbox(args.split(" "));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("sandbox: the sandbox is not part of the service image; run it from the "
                + "source tree: ./mvnw -B package -DskipTests && bin/skaler sandbox");
    }

    @Test
    void withoutTheSandboxTheOtherCommandsAndTheHelpStillWork() {
        assertThat(runWithoutSandbox("--help").out()).contains("serve", "plan", "check", "sandbox",
                "leaves the sandbox out");
        Run plan = runWithoutSandbox("plan");
        assertThat(plan.exit()).isEqualTo(2);
        assertThat(plan.err()).startsWith("plan: ");
    }
}

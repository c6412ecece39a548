package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The entry point sends offline commands to picocli and everything else to the Quarkus service. */
class MainTest {

    @Test
    void offlineCommandsAreRecognisedByTheirFirstArgument() {
        assertThat(Main.isOfflineCommand(new String[] {"plan", "--slurm", "d"})).isTrue();
        assertThat(Main.isOfflineCommand(new String[] {"--help"})).isTrue();
        assertThat(Main.isOfflineCommand(new String[] {"--version"})).isTrue();
        assertThat(Main.isOfflineCommand(new String[] {})).isFalse();
        assertThat(Main.isOfflineCommand(new String[] {"-Dquarkus.http.port=9"})).isFalse();
        assertThat(Main.isOfflineCommand(new String[] {"serve"})).isFalse();
    }

    @Test
    void anOfflineCommandRunsToItsExitStatusWithoutTheService() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.runOffline(new String[] {"plan", "--help"}, new PrintStream(out), new PrintStream(err));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: skaler plan");
        int bad = Main.runOffline(new String[] {"plan"}, new PrintStream(out), new PrintStream(err));
        assertThat(bad).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    }
}

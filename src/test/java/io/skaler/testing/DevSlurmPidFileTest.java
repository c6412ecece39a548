package io.skaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev Slurm scripts read a daemon's pid from the first line of its pid file: slurmctld 26.05's reconfigure
 * rewrites the file in place without truncating it, so after pids wrapped a new pid 870 over an old 8702 reads
 * {@code 870\n2\n}, and taking every digit named another process (CI once waited a minute for "no dev Slurm runs").
 */
class DevSlurmPidFileTest {

    @Test
    void thePidIsTheFirstLineEvenWithAnOldLongerPidsTailBelowIt(@TempDir Path dir) throws Exception {
        assertThat(pidFrom(dir, "870\n2\n")).isEqualTo("870");
        assertThat(pidFrom(dir, "8702\n")).isEqualTo("8702");
        assertThat(pidFrom(dir, "")).isEmpty();
    }

    private static String pidFrom(Path dir, String content) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("slurmctld.pid"), content);
        Path lib = Path.of("deploy/dev/slurm/lib.sh").toAbsolutePath();
        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && pid_from \"$2\"", "bash", lib.toString(),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

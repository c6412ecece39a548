package io.skaler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's deploy/dev/slurm scripts for one instance (named by its REST port). */
final class DevSlurmScripts {

    private final Path dir;
    private final int port;

    DevSlurmScripts(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static Path defaultDir() {
        String project = System.getProperty("skaler.projectDir", System.getProperty("user.dir"));
        return Path.of(project, "deploy", "dev", "slurm");
    }

    int port() {
        return port;
    }

    /** Runs a script and returns its standard output, trimmed; a non-zero exit becomes an exception with stderr. */
    String run(Duration timeout, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(dir.resolve(script).toString());
        command.addAll(List.of(args));
        Path stderr = null;
        try {
            stderr = Files.createTempFile("dev-slurm-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().put("SKALER_SLURM_PORT", Integer.toString(port));
            Process process = builder.start();
            process.getOutputStream().close();
            // Output is small (ids, tokens, one-liners); read it after exit would risk a full pipe, so read now.
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DevSlurmException(script + " did not finish within " + timeout.toSeconds() + " s");
            }
            String error = Files.readString(stderr).strip();
            if (process.exitValue() != 0) {
                throw new DevSlurmException(script + " " + String.join(" ", args) + " failed (exit "
                        + process.exitValue() + "): " + (error.isEmpty() ? "no message" : error));
            }
            return new String(out).strip();
        } catch (IOException e) {
            throw new DevSlurmException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevSlurmException("interrupted while running " + script, e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** A dev-Slurm script failed; the message is the script's own one-line reason. */
    static final class DevSlurmException extends RuntimeException {
        DevSlurmException(String message) {
            super(message);
        }

        DevSlurmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

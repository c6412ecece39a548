package io.skaler.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's deploy/dev/slurm scripts for one instance (named by its REST port): the test harness's real
 * Slurm and the sandbox's {@code --slurm-url} run both start and stop nodes through them, as a kubelet starting a
 * NodeSet pod's slurmd would. Nodes are named by their Slurm node name (the pod's hostname, as Slinky names it).
 */
public final class DevSlurmScripts implements DevSlurmNodes {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final int port;
    private final String release;

    /** The scripts for the instance on {@code port}, whatever Slurm release it runs (build and start pick 24.11). */
    public DevSlurmScripts(Path dir, int port) {
        this(dir, port, "");
    }

    /**
     * @param release the Slurm release build and start use ({@code 24.11} or {@code 26.05}, the scripts'
     *                {@code SKALER_SLURM}); empty for the scripts' default
     */
    public DevSlurmScripts(Path dir, int port, String release) {
        this.dir = dir;
        this.port = port;
        this.release = release;
    }

    public static Path defaultDir() {
        String project = System.getProperty("skaler.projectDir", System.getProperty("user.dir"));
        return Path.of(project, "deploy", "dev", "slurm");
    }

    public int port() {
        return port;
    }

    /** Runs a script and returns its standard output, trimmed; a non-zero exit becomes an exception with stderr. */
    public String run(Duration timeout, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(dir.resolve(script).toString());
        command.addAll(List.of(args));
        Path stderr = null;
        try {
            stderr = Files.createTempFile("dev-slurm-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().put("SKALER_SLURM_PORT", Integer.toString(port));
            if (release.isEmpty()) {
                builder.environment().remove("SKALER_SLURM"); // the caller's shell must not pick the release
            } else {
                builder.environment().put("SKALER_SLURM", release);
            }
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

    @Override
    public void nodeUp(String node) {
        run(SCRIPT_TIMEOUT, "node-up", node);
    }

    @Override
    public void nodeDown(String node) {
        run(SCRIPT_TIMEOUT, "node-down", node);
    }

    @Override
    public String scontrol(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "scontrol";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(SCRIPT_TIMEOUT, "in-chroot", all);
    }

    /** Submits with sbatch as {@code user} (in the user's home directory) and returns the job id. */
    public long sbatch(String user, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = user;
        System.arraycopy(args, 0, all, 1, args.length);
        String out = run(SCRIPT_TIMEOUT, "submit", all);
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            throw new DevSlurmException("sbatch printed '" + out + "' instead of a job id");
        }
    }

    /** A dev-Slurm script failed; the message is the script's own one-line reason. */
    public static final class DevSlurmException extends RuntimeException {
        public DevSlurmException(String message) {
            super(message);
        }

        public DevSlurmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package io.skaler.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code sandbox --slurm-url} needs before it starts, checked in order, each failure one line naming what is
 * missing: a dev-Slurm URL on 127.0.0.1, a readable token file, root (the node scripts chroot), the deploy/dev/slurm
 * scripts, and that dev Slurm running on the URL's port.
 */
public final class DevSlurmCheck {
    /** The option at fault and why. */
    public record Obstacle(String option, String reason) {
    }

    private DevSlurmCheck() {
    }

    public static Optional<Obstacle> obstacle(String url, Path tokenFile, Path scriptsDir) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Obstacle("--slurm-url", "'" + url + "' is not a URL"));
        }
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 1
                || !("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()))) {
            return Optional.of(new Obstacle("--slurm-url", "'" + url + "' is not the dev Slurm's slurmrestd; "
                    + "expected http://127.0.0.1:PORT (deploy/dev/slurm runs on this machine)"));
        }
        if (!Files.isReadable(tokenFile) || !Files.isRegularFile(tokenFile)) {
            return Optional.of(new Obstacle("--slurm-token-file", "cannot read " + tokenFile
                    + "; make one with: deploy/dev/slurm/token slurm > " + tokenFile));
        }
        if (uid() != 0) {
            return Optional.of(new Obstacle("--slurm-url", "needs root: starting and stopping the dev Slurm's "
                    + "slurmd (deploy/dev/slurm/node-up, node-down) uses chroot"));
        }
        if (!Files.isExecutable(scriptsDir.resolve("node-up")) || !Files.isExecutable(scriptsDir.resolve("status"))) {
            return Optional.of(new Obstacle("--dev-slurm", "no dev-Slurm scripts (node-up, status) in "
                    + scriptsDir.toAbsolutePath() + "; run from the project's root or give --dev-slurm DIR"));
        }
        try {
            new DevSlurmScripts(scriptsDir, uri.getPort()).run(java.time.Duration.ofSeconds(30), "status");
        } catch (DevSlurmScripts.DevSlurmException e) {
            return Optional.of(new Obstacle("--slurm-url", "no dev Slurm runs on port " + uri.getPort()
                    + "; start it with: SKALER_SLURM_PORT=" + uri.getPort() + " deploy/dev/slurm/start"));
        }
        return Optional.empty();
    }

    /** The effective uid, from /proc (-1 where it cannot be read). */
    static long uid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:"))
                    .map(l -> Long.parseLong(l.substring(4).strip().split("\\s+")[1]))
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1L;
        }
    }
}

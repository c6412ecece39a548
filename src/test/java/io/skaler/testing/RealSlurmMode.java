package io.skaler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether real-Slurm tests run, from the system property {@code skaler.realSlurm}: {@code auto} (default) runs them
 * where the machine can host the cluster and skips with the reason elsewhere, {@code required} (CI) turns every
 * obstacle into a failure, {@code off} skips.
 */
enum RealSlurmMode {
    AUTO, REQUIRED, OFF;

    static final String PROPERTY = "skaler.realSlurm";

    static RealSlurmMode fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> AUTO;
            case "required" -> REQUIRED;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException(
                    "system property " + PROPERTY + "=" + value + " is not one of auto, required, off");
        };
    }

    /** Why this machine cannot host the dev Slurm, or empty when it can. */
    static Optional<String> machineObstacle() {
        if (!Files.isRegularFile(Path.of("/etc/debian_version"))) {
            return Optional.of("this is not a Debian host (no /etc/debian_version); the dev Slurm needs Debian 12");
        }
        long uid = currentUid();
        if (uid != 0) {
            return Optional.of("not running as root (uid " + uid + "): the dev Slurm needs chroot, mount and mknod; "
                    + "run `sudo deploy/dev/slurm/build` once, then the tests as root");
        }
        if (!onPath("debootstrap")) {
            return Optional.of("debootstrap is not installed (apt-get install -y debootstrap)");
        }
        return Optional.empty();
    }

    private static long currentUid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:"))
                    .map(l -> Long.parseLong(l.substring(4).strip().split("\\s+")[1])) // effective uid
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1L;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}

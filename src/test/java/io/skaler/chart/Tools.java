package io.skaler.chart;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External tools some tests need (promtool). Absent tools skip those tests with a message, except when
 * {@code -Dskaler.requireTools=true}: then absence is a failure, so CI cannot pass without running them.
 */
final class Tools {
    private Tools() {
    }

    static Path find(String name) {
        Optional<Path> found = onPath(name);
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " not found on PATH (install the Debian package 'prometheus' for promtool)";
        if (Boolean.getBoolean("skaler.requireTools")) {
            throw new AssertionError(why + " and skaler.requireTools=true");
        }
        Assumptions.abort(why + "; skipped (set -Dskaler.requireTools=true to make this a failure)");
        throw new IllegalStateException("unreachable");
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

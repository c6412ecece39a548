package io.skaler.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External tools some tests need (promtool, chromium-headless-shell). Absent tools skip those tests with a message,
 * except when {@code -Dskaler.requireTools=true}: then absence is a failure, so CI cannot pass without running them.
 */
public final class Tools {
    private Tools() {
    }

    /** @param debianPackage the package that installs {@code name}, for the message */
    public static Path find(String name, String debianPackage) {
        Optional<Path> found = onPath(name);
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " not found on PATH (install the Debian package '" + debianPackage + "')";
        if (Boolean.getBoolean("skaler.requireTools")) {
            throw new AssertionError(why + " and skaler.requireTools=true");
        }
        Assumptions.abort(why + "; skipped (set -Dskaler.requireTools=true to make this a failure)");
        throw new IllegalStateException("unreachable");
    }

    public static Optional<Path> onPath(String name) {
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

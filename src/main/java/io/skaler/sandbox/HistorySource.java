package io.skaler.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code sandbox --history FILE} gets its jobs: a reader of Slurm's accounting ({@code sacct --json}, or
 * slurmrestd's {@code /slurmdb/v0.0.4x/jobs} answer) into a {@link History}, the jobs that can be replayed and one
 * problem per kind of record that cannot. The command then keeps the window and the cluster's partitions.
 */
@FunctionalInterface
public interface HistorySource {
    /** @throws IllegalArgumentException when the file is not an accounting history at all (the message says why) */
    History read(Path file) throws IOException;

    /** The accounting reader the command uses (the command names the file in its error line). */
    HistorySource ACCOUNTING = file -> {
        try (InputStream in = Files.newInputStream(file)) {
            return HistoryFile.read(in);
        }
    };
}

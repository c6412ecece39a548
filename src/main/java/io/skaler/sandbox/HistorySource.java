package io.skaler.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code sandbox --history FILE} gets its jobs: a reader of Slurm's accounting ({@code sacct --json}, or
 * slurmrestd's {@code /slurmdb/v0.0.4x/jobs} answer) into {@link HistoryJob}s. The replay needs nothing else of the
 * file.
 */
@FunctionalInterface
public interface HistorySource {
    List<HistoryJob> read(Path file) throws IOException;

    /**
     * The accounting reader the command uses. Its parser is built apart (issue 16, the input half); until it is
     * plugged in here (this one line), the command says so instead of guessing at the format.
     */
    HistorySource ACCOUNTING = file -> {
        throw new IllegalArgumentException("reading sacct --json / slurmdb jobs answers is not in this build yet");
    };
}

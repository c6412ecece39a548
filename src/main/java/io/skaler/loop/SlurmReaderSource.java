package io.skaler.loop;

import io.skaler.metrics.Labels;
import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.SlurmFailure;
import io.skaler.slurm.SlurmReader;
import java.time.Clock;

/** The Slurm reader as the loop's Slurm source: any typed failure makes the read unavailable (hold capacity). */
final class SlurmReaderSource implements SlurmSource {
    private final SlurmReader reader;
    private final Clock clock;
    private volatile String lastApiVersion;

    SlurmReaderSource(SlurmReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public Observation<SlurmSnapshot> read() {
        try {
            var snapshot = reader.readSnapshot();
            lastApiVersion = snapshot.apiVersion();
            return Observation.fresh(snapshot, clock.instant());
        } catch (SlurmFailure f) {
            return Observation.unavailable(Labels.Source.SLURM, f.getMessage());
        }
    }

    @Override
    public java.time.Duration lastParseTime() {
        return reader.lastParseTime();
    }

    /** The API version of the last successful read. */
    java.util.Optional<String> lastApiVersion() {
        return java.util.Optional.ofNullable(lastApiVersion);
    }

    /** How the job list is read now (whole or incremental, jobs listed and not yet read). */
    io.skaler.slurm.JobsReadState jobsReadState() {
        return reader.jobsReadState();
    }

    /** What the last read noticed and did not guess about (e.g. v0.0.45 hiding exclusive jobs). */
    java.util.List<String> lastProblems() {
        return reader.lastProblems();
    }

    @Override
    public Change changedSinceLastRead() {
        try {
            return reader.jobsChangedSinceLastRead() ? Change.CHANGED : Change.UNCHANGED;
        } catch (SlurmFailure f) {
            return Change.FAILED;
        }
    }
}

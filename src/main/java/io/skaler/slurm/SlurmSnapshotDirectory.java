package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.Reservation;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.model.SlurmSnapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads a {@link SlurmSnapshot} from a directory holding {@code jobs.json}, {@code nodes.json},
 * {@code partitions.json} and, when saved, {@code reservations.json} (older captures have none: no reservations): raw slurmrestd answers of any supported version, as saved by
 * {@code curl -H 'Accept: application/json' .../slurm/v0.0.42/jobs > jobs.json}. This is what the offline
 * {@code skaler plan} command reads. The version is taken from the bodies' {@code meta.plugin.data_parser} (jobs
 * first, then nodes, then partitions); the snapshot's time is when {@code jobs.json} was written.
 */
public final class SlurmSnapshotDirectory {
    /** The snapshot and what was noticed while reading it (see {@link SlurmAnswer#problems()}). */
    public record Loaded(SlurmSnapshot snapshot, ApiVersion version, List<String> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    private final ParseLimits limits;

    public SlurmSnapshotDirectory(ParseLimits limits) {
        this.limits = limits;
    }

    public SlurmSnapshotDirectory() {
        this(ParseLimits.DEFAULT);
    }

    /**
     * @throws IOException        a file is missing or unreadable (the message names it)
     * @throws BadAnswerException a file's content is unusable; the path is prefixed with the file name,
     *                            e.g. {@code jobs.json:/jobs/3/node_count}
     */
    public Loaded load(Path dir) throws IOException, BadAnswerException {
        SlurmAnswer<SlurmNode> nodes = read(dir, "nodes.json", in -> new NodesParser(limits).parse(in));
        SlurmAnswer<SlurmPartition> partitions =
                read(dir, "partitions.json", in -> new PartitionsParser(limits).parse(in));
        var ctx = EligibilityContext.of(nodes.items(), partitions.items());
        JobsParser.JobList list = read(dir, "jobs.json", in -> new JobsParser(limits).parseWithRunning(in, ctx));
        SlurmAnswer<PendingJob> jobs = list.pending();
        List<Reservation> reservations = Files.exists(dir.resolve("reservations.json"))
                ? read(dir, "reservations.json", in -> new ReservationsParser(limits).parse(in)).items() : List.of();
        Optional<ApiVersion> version = version(jobs.meta(), "jobs.json");
        if (version.isEmpty()) {
            version = version(nodes.meta(), "nodes.json");
        }
        if (version.isEmpty()) {
            version = version(partitions.meta(), "partitions.json");
        }
        if (version.isEmpty()) {
            throw new BadAnswerException("jobs.json:/meta/plugin/data_parser",
                    "no file names its data_parser version (expected data_parser/v0.0.40 .. v0.0.45)");
        }
        var readAt = Files.getLastModifiedTime(dir.resolve("jobs.json")).toInstant();
        var snapshot = new SlurmSnapshot(jobs.items(), nodes.items(), partitions.items(), version.get().text(), readAt,
                0, reservations, list.running());
        return new Loaded(snapshot, version.get(), jobs.problems());
    }

    /** Empty when the body names no version; an error when it names one skaler does not read. */
    private static Optional<ApiVersion> version(AnswerMeta meta, String file) throws BadAnswerException {
        if (meta.dataParser().isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiVersion> v = ApiVersion.fromDataParser(meta.dataParser());
        if (v.isEmpty()) {
            throw new BadAnswerException(file + ":/meta/plugin/data_parser",
                    meta.dataParser() + " is not supported (skaler reads v0.0.40 .. v0.0.45)");
        }
        return v;
    }

    private interface Parse<T> {
        T parse(InputStream in) throws IOException, BadAnswerException;
    }

    private static <T> T read(Path dir, String file, Parse<T> parse) throws IOException, BadAnswerException {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "a Slurm snapshot directory needs " + file);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return parse.parse(in);
        } catch (BadAnswerException e) {
            throw new BadAnswerException(file + ":" + e.path(), e.reason(), e.slurmErrors(), e);
        }
    }
}

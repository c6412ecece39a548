package io.skaler.testing;

import io.skaler.sandbox.DevSlurmNodes;
import io.skaler.slurm.ApiVersion;
import io.skaler.sandbox.DevSlurmScripts;
import io.skaler.sandbox.DevSlurmScripts.DevSlurmException;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running real Slurm (slurmctld, slurmrestd with JWT, cpu-0) of the chosen {@link RealSlurmRelease} (24.11 or
 * 26.05), started by deploy/dev/slurm, shared by every test of a run. Tests get it from {@link RealSlurmExtension};
 * they must not stop it.
 *
 * <p>Partitions: {@code cpu} (cpu-0), {@code gpu-h100} (8 gpu:h100 per node) and {@code trn1} (128 CPUs), backed by
 * State=FUTURE nodes named as Slinky names them: NodeSet {@value #GPU_NODESET} (pod template hostname
 * {@code gpu-h100-}) has pods {@code slurm-worker-gpu-h100-<n>} whose Slurm nodes are {@code gpu-h100-<n>}, in the
 * Slurm Nodeset (and feature) {@value #GPU_SLURM_NODESET}; 0..15 are placeholders (trn1: 0..7), higher ordinals (up
 * to 39) join as dynamic nodes. The node methods take Slurm node names. Users: alice, bob (ordinary), slurm
 * (SlurmUser).
 */
public final class RealSlurm implements AutoCloseable, DevSlurmNodes {

    /** The Kubernetes NodeSets, as Slinky's chart names them ({@code <release>-worker-<key>}). */
    public static final String GPU_NODESET = "slurm-worker-gpu-h100";
    public static final String TRN_NODESET = "slurm-worker-trn1";
    /** Their pod template hostnames ({@code "<key>-"}), which name the Slurm nodes. */
    public static final String GPU_HOSTNAME = "gpu-h100-";
    public static final String TRN_HOSTNAME = "trn1-";
    /** The Slurm Nodesets (each node's feature, and the partition): the hostname without its dash. */
    public static final String GPU_SLURM_NODESET = "gpu-h100";
    public static final String TRN_SLURM_NODESET = "trn1";

    private static final int FIRST_PORT = 6820;
    private static final int SLOTS = 10;
    private static final int SLOT_WIDTH = 100; // an instance uses REST port .. REST port + 89
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10); // a ceiling: start waits up to 2-3 min per daemon
    private static final long TOKEN_LIFESPAN_SECONDS = 6 * 3600;

    private final DevSlurmScripts scripts;
    private final RealSlurmRelease release;
    private final FileLock slot;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread stopOnExit = new Thread(this::stop, "real-slurm-stop");

    private RealSlurm(DevSlurmScripts scripts, RealSlurmRelease release, FileLock slot) {
        this.scripts = scripts;
        this.release = release;
        this.slot = slot;
    }

    /** The Slurm node of the GPU NodeSet's pod {@code ordinal}, e.g. {@code gpu-h100-3}. */
    public static String gpuNode(int ordinal) {
        return GPU_HOSTNAME + ordinal;
    }

    /** The Slurm node of the Trainium NodeSet's pod {@code ordinal}, e.g. {@code trn1-3}. */
    public static String trnNode(int ordinal) {
        return TRN_HOSTNAME + ordinal;
    }

    /**
     * Builds the release's chroot if its recipe changed, then starts a fresh instance on the first free slot (REST
     * port 6820, 6920, ...; or {@code -Dskaler.realSlurm.port=N}). A slot is held by a file lock, so parallel builds
     * on one machine get separate clusters.
     */
    static RealSlurm start(RealSlurmRelease release) {
        Integer fixed = Integer.getInteger("skaler.realSlurm.port");
        new DevSlurmScripts(DevSlurmScripts.defaultDir(), fixed == null ? FIRST_PORT : fixed, release.text())
                .run(BUILD_TIMEOUT, "build");
        return fixed == null ? onFirstFreeSlot(release, slots(), true, "no free dev-Slurm slot")
                : onFirstFreeSlot(release, List.of(fixed), false, "no free dev-Slurm slot");
    }

    /**
     * Starts a second, fresh instance of {@code release} with accounting (MariaDB and slurmdbd, {@code start
     * --accounting}) on the first free slot, for the tests that read accounting; the caller closes it. The shared
     * instance stays as it is: accounting changes what {@code /slurm/.../jobs} shows (accounts, GPU TRES).
     */
    public static RealSlurm startWithAccounting(RealSlurmRelease release) {
        return onFirstFreeSlot(release, slots(), true, "no free dev-Slurm slot for an accounting instance",
                "--accounting");
    }

    private static List<Integer> slots() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            ports.add(FIRST_PORT + i * SLOT_WIDTH);
        }
        return ports;
    }

    /**
     * Starts the cluster (the start script with {@code startArgs}) on the first of {@code ports} that no other test run
     * holds; with {@code nextIfTaken}, a port something else listens on is skipped too.
     */
    private static RealSlurm onFirstFreeSlot(RealSlurmRelease release, List<Integer> ports, boolean nextIfTaken,
                                             String noneFree, String... startArgs) {
        List<String> tried = new ArrayList<>();
        for (int port : ports) {
            FileLock lock = lockSlot(port);
            if (lock == null) {
                tried.add(port + ": used by another test run");
                continue;
            }
            DevSlurmScripts scripts = new DevSlurmScripts(DevSlurmScripts.defaultDir(), port, release.text());
            try {
                scripts.run(SCRIPT_TIMEOUT, "start", startArgs);
            } catch (DevSlurmException e) {
                release(lock);
                if (nextIfTaken && e.getMessage().contains("is taken")) {
                    tried.add(port + ": " + e.getMessage());
                    continue;
                }
                throw e;
            }
            RealSlurm slurm = new RealSlurm(scripts, release, lock);
            Runtime.getRuntime().addShutdownHook(slurm.stopOnExit); // also stop when the JVM dies early
            return slurm;
        }
        throw new DevSlurmException(noneFree + ": " + String.join("; ", tried));
    }

    /** Runs a command as root inside the cluster (e.g. {@code sacct --json}) and returns its output. */
    public String inChroot(String... command) {
        return scripts.run(SCRIPT_TIMEOUT, "in-chroot", command);
    }

    /** The release that runs, with the API versions its slurmrestd serves. */
    public RealSlurmRelease release() {
        return release;
    }

    /** The served API versions skaler reads, oldest first (24.11: v0.0.40-42; 26.05: v0.0.42 and up). */
    public List<ApiVersion> apiVersions() {
        return release.apiVersions();
    }

    /** slurmctld's own OpenMetrics (26.05: {@code MetricsType=metrics/openmetrics}), e.g. {@code /metrics/jobs}. */
    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + (scripts.port() + 1) + "/metrics");
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + scripts.port());
    }

    public int port() {
        return scripts.port();
    }

    /** A JWT for the SlurmUser: may read everything and update nodes (drain, resume, FUTURE). */
    public String slurmUserToken() {
        return userToken("slurm");
    }

    /** A JWT for an ordinary user (alice or bob): may read and submit. */
    public String userToken(String user) {
        return tokens.computeIfAbsent(user,
                u -> scripts.run(SCRIPT_TIMEOUT, "token", u, Long.toString(TOKEN_LIFESPAN_SECONDS)));
    }

    /** Starts the slurmd of a node (a placeholder becomes IDLE; past the placeholders it joins dynamically). */
    @Override
    public void nodeUp(String node) {
        scripts.nodeUp(node);
    }

    /** Drains the node, cancels what runs on it, stops its slurmd and returns it to FUTURE (or deletes it). */
    @Override
    public void nodeDown(String node) {
        scripts.nodeDown(node);
    }

    /** Submits with sbatch as {@code user} (in the user's home directory) and returns the job id. */
    public long sbatch(String user, String... args) {
        return scripts.sbatch(user, args);
    }

    /** Runs scontrol as root inside the cluster and returns its output. */
    @Override
    public String scontrol(String... args) {
        return scripts.scontrol(args);
    }

    /** Cancels every job and takes every node but cpu-0 down again. */
    public void reset() {
        scripts.run(SCRIPT_TIMEOUT, "reset");
    }

    /** Stops the cluster; JUnit calls this at the end of the run (root store). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run; stop() is idempotent
        }
        stop();
    }

    private void stop() {
        if (stopped.compareAndSet(false, true)) {
            try {
                scripts.run(SCRIPT_TIMEOUT, "stop");
            } finally {
                release(slot);
            }
        }
    }

    private static FileLock lockSlot(int port) {
        try {
            Path locks = Files.createDirectories(Path.of("/var/lib/skaler-dev-slurm/locks"));
            FileChannel channel = FileChannel.open(locks.resolve(port + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException heldByThisRun) {
                lock = null; // this JVM's shared instance holds the slot
            }
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (IOException e) {
            throw new DevSlurmException("cannot lock dev-Slurm slot " + port + ": " + e.getMessage(), e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // closing the channel drops the lock; nothing else to do
        }
    }
}

package io.skaler.slurm;

import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;

/**
 * Scratch space for one element of {@code jobs[]}: the fields skaler reads, whatever the version, collected while
 * streaming (their order in the body is not fixed) and turned into a {@link PendingJob} at the end of the element.
 * One instance is reused for every record of an answer.
 */
final class JobRecord {
    /** Slurm's {@code YEAR_MINUTES} (slurm_protocol_defs.h): 365 days. */
    private static final long YEAR_MINUTES = 365L * 24 * 60;

    long jobId;
    boolean sawState;
    boolean pending;
    boolean running;
    String stateReason;
    String stateDescription;
    List<String> partitions;
    int nodeCount;
    int maxNodes;
    int cpus;
    int tasks;
    int cpusPerTask;
    int taskCpus;
    int minCpusPerNode;
    long memoryPerNode;
    long memoryPerCpu;
    Gres perNode;
    Gres perJob;
    Gres perTask;
    Gres perSocket;
    String features;
    boolean exclusive;
    boolean hold;
    String dependency;
    long priority;
    long submitTime;
    long eligibleTime;
    long arrayJobId;
    boolean arrayTaskSet;
    ArrayTasks arrayTasks;
    int arrayMaxTasks;
    long hetJobId;
    int hetJobOffset;
    String reservation;
    long startTime;
    long endTime;
    boolean timeLimited;

    void reset() {
        jobId = -1;
        sawState = pending = running = false;
        stateReason = stateDescription = features = dependency = reservation = "";
        startTime = endTime = 0;
        timeLimited = false;
        partitions = null;
        nodeCount = 1;
        maxNodes = cpus = minCpusPerNode = taskCpus = 0;
        tasks = cpusPerTask = 1;
        memoryPerNode = memoryPerCpu = SlurmJsonReader.UNSET;
        perNode = perJob = perTask = perSocket = Gres.NONE;
        exclusive = hold = arrayTaskSet = false;
        priority = submitTime = eligibleTime = arrayJobId = hetJobId = 0;
        arrayTasks = ArrayTasks.NONE;
        arrayMaxTasks = hetJobOffset = 0;
    }

    /** Reads one field's value (the reader is on it); fields skaler does not use are skipped unread. */
    void readField(String field, SlurmJsonReader r, RecordPool pool) throws IOException, BadAnswerException {
        switch (field) {
            case "job_id" -> jobId = r.quantity(-1);
            case "job_state" -> readState(r);
            case "state_reason" -> stateReason = pool.string(r.string());
            case "state_description" -> stateDescription = pool.string(r.string());
            case "partition" -> partitions = pool.csv(r.string());
            case "node_count" -> nodeCount = r.count(1);
            case "max_nodes" -> maxNodes = r.count(0);
            case "cpus" -> cpus = r.count(0);
            case "tasks" -> tasks = r.count(1);
            case "cpus_per_task" -> cpusPerTask = r.count(1);
            case "minimum_cpus_per_node" -> minCpusPerNode = r.count(0);
            case "memory_per_node" -> memoryPerNode = r.number();
            case "memory_per_cpu" -> memoryPerCpu = r.number();
            case "tres_per_node" -> perNode = gres(r, pool);
            case "tres_per_job" -> perJob = gres(r, pool);
            case "tres_per_socket" -> perSocket = gres(r, pool);
            case "tres_per_task" -> readPerTask(r, pool);
            case "features" -> features = pool.string(r.string());
            case "exclusive" -> exclusive |= r.strings().contains("true");
            case "shared" -> exclusive |= r.strings().contains("none");
            case "hold" -> hold = r.bool();
            case "dependency" -> dependency = pool.string(r.string());
            case "priority" -> priority = r.quantity(0);
            case "submit_time" -> submitTime = r.quantity(0);
            case "eligible_time" -> eligibleTime = r.quantity(0);
            case "array_job_id" -> arrayJobId = r.quantity(0);
            case "array_task_id" -> arrayTaskSet = r.number() != SlurmJsonReader.UNSET;
            case "array_task_string" -> readArrayTasks(r);
            case "array_max_tasks" -> arrayMaxTasks = r.count(0);
            case "het_job_id" -> hetJobId = r.quantity(0);
            case "het_job_offset" -> hetJobOffset = r.count(0);
            case "resv_name" -> reservation = pool.string(r.string());
            case "start_time" -> startTime = r.quantity(0);
            case "end_time" -> endTime = r.quantity(0);
            case "time_limit" -> timeLimited = limited(r.number());
            default -> r.skip();
        }
    }

    /**
     * Minutes. Unset or infinite is no limit, and so is a year: backfill gives a job submitted without {@code -t} in a
     * partition without {@code MaxTime} Slurm's {@code YEAR_MINUTES} when it starts it (the main scheduler leaves it
     * infinite). Either way {@code end_time} says a year after the start, which says nothing.
     */
    private static boolean limited(long minutes) {
        return minutes != SlurmJsonReader.UNSET && minutes != SlurmJsonReader.INFINITE && minutes > 0
                && minutes < YEAR_MINUTES;
    }

    private void readState(SlurmJsonReader r) throws IOException, BadAnswerException {
        r.expect(JsonToken.START_ARRAY, "an array of states (v0.0.40+)");
        sawState = true;
        while (r.next() != JsonToken.END_ARRAY) {
            String s = r.string();
            if (s.equals("PENDING")) {
                pending = true;
            } else if (s.equals("RUNNING") || s.equals("SUSPENDED")) {
                running = true; // both hold a slot of the array's %N throttle
            }
        }
    }

    private static Gres gres(SlurmJsonReader r, RecordPool pool) throws IOException, BadAnswerException {
        String spec = r.string();
        try {
            return pool.jobGres(spec);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw r.bad("unreadable TRES: " + e.getMessage());
        }
    }

    private void readPerTask(SlurmJsonReader r, RecordPool pool) throws IOException, BadAnswerException {
        String spec = r.string();
        try {
            perTask = pool.jobGres(spec);
            taskCpus = TresSpec.cpusPerTask(spec);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw r.bad("unreadable TRES: " + e.getMessage());
        }
    }

    private void readArrayTasks(SlurmJsonReader r) throws IOException, BadAnswerException {
        String text = r.string();
        try {
            arrayTasks = ArrayTasks.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw r.bad("unreadable array task ids: " + e.getMessage());
        }
    }

    /** Whether this is a pending array meta-record (tasks collapsed into one record). */
    boolean arrayMetaRecord() {
        return arrayJobId != 0 && !arrayTaskSet;
    }

    /** The throttle that applies: {@code array_max_tasks}, else the {@code %N} of the task string; 0 for none. */
    int throttle() {
        return arrayMaxTasks > 0 ? arrayMaxTasks : arrayTasks.throttle();
    }

    /** Task ids still pending in this record before the throttle: 1 for a plain job or a single task. */
    int listedTasks() {
        if (!arrayMetaRecord()) {
            return 1;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, arrayTasks.count()));
    }

    MemoryRequest memory() {
        if (memoryPerCpu != SlurmJsonReader.UNSET && memoryPerCpu != SlurmJsonReader.INFINITE && memoryPerCpu > 0) {
            return MemoryRequest.perCpu(memoryPerCpu);
        }
        if (memoryPerNode != SlurmJsonReader.UNSET && memoryPerNode != SlurmJsonReader.INFINITE && memoryPerNode >= 0) {
            return MemoryRequest.perNode(memoryPerNode); // 0 is --mem=0: the whole node
        }
        return MemoryRequest.UNSPECIFIED;
    }

    PendingJob toPendingJob(RecordPool pool, Eligibility eligibility) {
        return new PendingJob(jobId, partitions, Math.max(1, nodeCount), maxNodes, Math.max(1, tasks),
                Math.max(Math.max(1, cpusPerTask), taskCpus), cpus, minCpusPerNode, pool.memory(memory()),
                perNode, perJob, perTask, perSocket, features, exclusive, listedTasks(), hetJobId, hetJobOffset,
                priority, submitTime, eligibleTime, stateReason, stateDescription, pool.eligibility(eligibility),
                listedTasks(), reservation, dependency);
    }

    /** This running record as a job others may depend on. */
    RunningJob toRunningJob() {
        return new RunningJob(jobId, startTime, timeLimited && endTime > startTime ? endTime : 0);
    }

    static PendingJob withEligibility(PendingJob j, Eligibility e) {
        return new PendingJob(j.jobId(), j.partitions(), j.minNodes(), j.maxNodes(), j.tasks(), j.cpusPerTask(),
                j.minCpus(), j.minCpusPerNode(), j.memory(), j.gresPerNode(), j.gresPerJob(), j.gresPerTask(),
                j.gresPerSocket(), j.features(), j.exclusive(), j.runnableTasks(), j.hetJobId(), j.hetJobOffset(),
                j.priority(), j.submitTime(), j.eligibleTime(), j.stateReason(), j.stateDescription(), e,
                j.pendingTasks(), j.reservation(), j.dependency());
    }

    static PendingJob withRunnableTasks(PendingJob j, int runnable) {
        return new PendingJob(j.jobId(), j.partitions(), j.minNodes(), j.maxNodes(), j.tasks(), j.cpusPerTask(),
                j.minCpus(), j.minCpusPerNode(), j.memory(), j.gresPerNode(), j.gresPerJob(), j.gresPerTask(),
                j.gresPerSocket(), j.features(), j.exclusive(), runnable, j.hetJobId(), j.hetJobOffset(),
                j.priority(), j.submitTime(), j.eligibleTime(), j.stateReason(), j.stateDescription(),
                j.eligibility(), j.pendingTasks(), j.reservation(), j.dependency());
    }
}

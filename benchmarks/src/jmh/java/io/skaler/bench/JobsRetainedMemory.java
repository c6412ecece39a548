package io.skaler.bench;

import io.skaler.model.PendingJob;
import io.skaler.slurm.JobsParser;
import io.skaler.slurm.SlurmAnswer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Retained heap per pending job after parsing a compact v0.0.42 answer of N jobs (default 100,000) streamed from a
 * file: heap used after full GCs with the answer held, minus before. Run with {@code -Xmx512m} to show 100k jobs parse
 * within it (see benchmarks/README.md). A measurement harness, not a JMH benchmark: JMH measures time, not retention.
 */
public final class JobsRetainedMemory {
    private JobsRetainedMemory() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path file = Files.createTempFile("skaler-jobs-", ".json");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                PendingJobsBody.write(out, jobs);
            }
            long before = usedAfterGc();
            long start = System.nanoTime();
            SlurmAnswer<PendingJob> answer;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                answer = new JobsParser().parse(in, JobsParseBenchmark.cluster());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long after = usedAfterGc();
            long size = Files.size(file);
            System.out.printf("jobs=%d body=%d bytes (%.0f B/job) parsed in %d ms (%.0f MB/s, cold, from file)%n",
                    answer.items().size(), size, (double) size / jobs, millis, size / 1e3 / Math.max(1, millis));
            System.out.printf("retained=%d bytes, %.1f bytes/job, max heap %d MB%n", after - before,
                    (double) (after - before) / answer.items().size(), Runtime.getRuntime().maxMemory() >> 20);
            if (answer.items().size() != jobs) {
                throw new IllegalStateException("expected " + jobs + " pending jobs, got " + answer.items().size());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

package io.skaler.bench;

import io.skaler.slurm.EligibilityContext;
import io.skaler.slurm.JobsParser;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Companion to {@link JobsParseBenchmark} for shared machines: the same parse, timed in CPU time of the parsing
 * thread ({@code ThreadMXBean}), so that other tenants' load (the 2-core build machine runs several builds at once)
 * does not count as parser time. Prints the median of the measured rounds after warm-up, and the raw Jackson token
 * scan of the same body as the ceiling. Usage: {@code JobsParseCpuTime [jobs] [rounds]}.
 */
public final class JobsParseCpuTime {
    private JobsParseCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        byte[] body = PendingJobsBody.bytes(jobs);
        EligibilityContext ctx = JobsParseBenchmark.cluster();
        var threads = ManagementFactory.getThreadMXBean();
        var factory = new com.fasterxml.jackson.core.JsonFactory();
        long[] parse = new long[rounds];
        long[] scan = new long[rounds];
        // warm up on ~1 GB whatever the size, so small bodies are measured with compiled code too
        int warmup = (int) Math.max(3, 1_000_000_000L / body.length);
        for (int round = -warmup; round < rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            int kept = new JobsParser().parse(body, ctx).items().size();
            long c1 = threads.getCurrentThreadCpuTime();
            try (var p = factory.createParser(body)) {
                while (p.nextToken() != null) {
                    // token scan only: the ceiling any Jackson streaming parser can reach
                }
            }
            long c2 = threads.getCurrentThreadCpuTime();
            if (kept != jobs) {
                throw new IllegalStateException("kept " + kept + " of " + jobs);
            }
            if (round >= 0) {
                parse[round] = c1 - c0;
                scan[round] = c2 - c1;
            }
        }
        Arrays.sort(parse);
        Arrays.sort(scan);
        double mb = body.length / 1e6;
        System.out.printf("jobs=%d body=%.1f MB: parse %.1f ms CPU (%.0f MB/s), Jackson token scan %.1f ms CPU"
                        + " (%.0f MB/s), medians of %d rounds%n", jobs, mb, parse[rounds / 2] / 1e6,
                mb / (parse[rounds / 2] / 1e9), scan[rounds / 2] / 1e6, mb / (scan[rounds / 2] / 1e9), rounds);
    }
}

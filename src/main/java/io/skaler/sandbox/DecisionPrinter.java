package io.skaler.sandbox;

import io.skaler.loop.CycleOutcome;
import io.skaler.loop.LoopStatus;
import io.skaler.model.NodeSetTarget;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Prints skaler's decisions as it makes them: each NodeSet it scales, from and to, with the planner's reasons (once
 * while the same change stands), and each change of the loop's health (a stale source, an error), once. Cycles that
 * change nothing print nothing. It
 * watches the loop's status (replaced whole after every cycle) every 20 ms, so it needs no hook in the loop.
 */
final class DecisionPrinter implements AutoCloseable {
    private static final int MAX_REASONS = 4;

    private final Supplier<LoopStatus> status;
    private final PrintStream out;
    private final LongFunction<String> elapsed;
    private final Clock clock;
    private final boolean dryRun;
    private final ScheduledExecutorService timer;
    private long seenCycles;
    private String lastTrouble = "";
    /** Per NodeSet, the change last printed: a decision the executor has not carried out yet repeats every cycle. */
    private final java.util.Map<String, String> printed = new java.util.HashMap<>();

    DecisionPrinter(Supplier<LoopStatus> status, PrintStream out, LongFunction<String> elapsed, Clock clock,
            boolean dryRun) {
        this.status = status;
        this.out = out;
        this.elapsed = elapsed;
        this.clock = clock;
        this.dryRun = dryRun;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-decisions");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, 20, 20, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            var s = status.get();
            if (s.cycles() == seenCycles || s.lastOutcome().isEmpty()) {
                return;
            }
            seenCycles = s.cycles();
            print(s.lastOutcome().get());
        } catch (RuntimeException e) { // a printer that throws would stop printing for the rest of the run
            out.println("sandbox: cannot read skaler's status: " + e);
        }
    }

    void print(CycleOutcome outcome) {
        String at = elapsed.apply(clock.instant().getEpochSecond());
        if (!outcome.successful()) {
            String trouble = outcome.result() + ": " + outcome.detail();
            if (!trouble.equals(lastTrouble)) {
                out.println(at + "  skaler  holds, cycle " + trouble);
                lastTrouble = trouble;
            }
            return;
        }
        if (!lastTrouble.isEmpty()) {
            out.println(at + "  skaler  cycles succeed again");
            lastTrouble = "";
        }
        for (var t : outcome.plan().map(p -> p.targets()).orElse(List.of())) {
            String change = t.current() + " -> " + t.desired();
            if (t.desired() == t.current()) {
                printed.remove(t.nodeSet().name());
            } else if (!change.equals(printed.put(t.nodeSet().name(), change))) {
                out.println(line(at, t));
            }
        }
        outcome.report().failed().forEach(f -> out.println(at + "  skaler  write failed: " + f));
    }

    private String line(String at, NodeSetTarget t) {
        var reasons = t.reasons();
        String why = String.join("; ", reasons.subList(0, Math.min(MAX_REASONS, reasons.size())))
                + (reasons.size() > MAX_REASONS ? "; ..." : "");
        return at + "  skaler  " + t.nodeSet().name() + " " + t.current() + " -> " + t.desired() + " ("
                + (t.desired() > t.current() ? "scale up" : "scale down") + (dryRun ? ", dry run: not applied" : "")
                + "): " + why;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

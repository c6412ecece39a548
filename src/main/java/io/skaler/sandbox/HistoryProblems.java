package io.skaler.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts problems by kind while a history is read: one line per kind however many records have it. */
final class HistoryProblems {
    private final Map<String, Tally> byKind = new LinkedHashMap<>();

    /** A record that is left out: {@code kind} names the field and what is wrong with it. */
    void skipped(String kind, String jobId) {
        add(kind, jobId, "not replayed");
    }

    /** A record that is replayed, but not exactly as the history says: {@code effect} says how. */
    void adjusted(String kind, String jobId, String effect) {
        add(kind, jobId, effect);
    }

    void addAll(List<HistoryProblem> problems) {
        for (HistoryProblem p : problems) {
            byKind.computeIfAbsent(p.kind() + "\u0000" + p.effect(), k -> new Tally(p.kind(), p.firstJob(), p.effect()))
                    .count += p.count();
        }
    }

    private void add(String kind, String jobId, String effect) {
        byKind.computeIfAbsent(kind + "\u0000" + effect, k -> new Tally(kind, jobId, effect)).count++;
    }

    List<HistoryProblem> list() {
        List<HistoryProblem> out = new ArrayList<>();
        byKind.values().forEach(t -> out.add(new HistoryProblem(t.kind, t.count, t.firstJob, t.effect)));
        return List.copyOf(out);
    }

    private static final class Tally {
        final String kind;
        final String firstJob;
        final String effect;
        long count;

        Tally(String kind, String firstJob, String effect) {
            this.kind = kind;
            this.firstJob = firstJob;
            this.effect = effect;
        }
    }
}

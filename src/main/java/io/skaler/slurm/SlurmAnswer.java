package io.skaler.slurm;

import java.util.List;

/**
 * One parsed slurmrestd answer.
 *
 * @param items    the records skaler keeps (for {@code /jobs}: pending jobs only)
 * @param meta     {@code meta}, {@code last_update} and {@code warnings[]}
 * @param problems things skaler noticed in otherwise usable records and did not guess about, e.g. an
 *                 {@code array_task_string} cut off with {@code "..."}; each names the record and what was done
 */
public record SlurmAnswer<T>(List<T> items, AnswerMeta meta, List<String> problems) {
    public SlurmAnswer {
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }
}

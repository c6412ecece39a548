package io.skaler.slurm;

import java.util.List;

/**
 * What every slurmrestd answer says about itself besides its payload.
 *
 * @param dataParser   {@code meta.plugin.data_parser}, e.g. {@code data_parser/v0.0.42}; {@code ""} when absent
 * @param release      {@code meta.slurm.release}, e.g. {@code 24.11.5}; {@code ""} when absent
 * @param cluster      {@code meta.slurm.cluster}; {@code ""} when absent
 * @param lastUpdate   {@code last_update} (unix seconds), the value to send as {@code update_time} next; 0 when absent
 * @param warnings     {@code warnings[]} texts (e.g. "No job changes since update_time")
 */
public record AnswerMeta(String dataParser, String release, String cluster, long lastUpdate, List<String> warnings) {
    public AnswerMeta {
        warnings = List.copyOf(warnings);
    }
}

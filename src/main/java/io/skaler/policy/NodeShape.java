package io.skaler.policy;

import io.skaler.model.Gres;
import java.util.List;

/**
 * What one node of a NodeSet offers to Slurm jobs.
 *
 * @param features Slurm features the node registers with (what {@code --constraint} matches), may be empty
 */
public record NodeShape(int cpus, long memoryMB, Gres gres, List<String> features) {
    public NodeShape {
        features = List.copyOf(features);
    }
}

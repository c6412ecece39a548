package io.skaler.model;

/**
 * A job's memory request. Slurm keeps one value ({@code pn_min_memory}) that is either per node or per CPU;
 * {@code --mem=0} asks for all memory of each node.
 */
public record MemoryRequest(Kind kind, long megabytes) {
    public enum Kind { UNSPECIFIED, PER_NODE, PER_CPU, WHOLE_NODE }

    public static final MemoryRequest UNSPECIFIED = new MemoryRequest(Kind.UNSPECIFIED, 0);
    public static final MemoryRequest WHOLE_NODE = new MemoryRequest(Kind.WHOLE_NODE, 0);

    public MemoryRequest {
        if (megabytes < 0) {
            throw new IllegalArgumentException("negative memory: " + megabytes);
        }
    }

    public static MemoryRequest perNode(long mb) {
        return mb == 0 ? WHOLE_NODE : new MemoryRequest(Kind.PER_NODE, mb);
    }

    public static MemoryRequest perCpu(long mb) {
        return new MemoryRequest(Kind.PER_CPU, mb);
    }
}

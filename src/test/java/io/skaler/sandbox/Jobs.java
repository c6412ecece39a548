package io.skaler.sandbox;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Fixture builders for sandbox tests. */
final class Jobs {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final NodeShape H100 = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of("h100"));
    static final NodeShape CPU = new NodeShape(64, 256_000, Gres.NONE, List.of("cpu"));

    private Jobs() {
    }

    static List<SandboxNodeSet> cluster() {
        return List.of(new SandboxNodeSet("gpu-h100", "gpu-h100", H100, 8, "h100", 0),
                new SandboxNodeSet("cpu", "cpu", CPU, 4, "cpu", 0));
    }

    static JobRequest gpu(int nodes, int gpusPerNode, Duration runtime) {
        return new JobRequest("train", "alice", List.of("gpu-h100"), nodes, nodes * 8, 4, 500_000,
                Gres.of("gpu:h100", gpusPerNode), Gres.NONE, Gres.NONE, false, "", 0, 0, runtime,
                runtime.plusMinutes(10), 1, false);
    }

    static JobRequest small(Duration runtime) {
        return new JobRequest("small", "bob", List.of("cpu"), 1, 1, 1, 2000, Gres.NONE, Gres.NONE, Gres.NONE,
                false, "", 0, 0, runtime, runtime.plusMinutes(10), 1, false);
    }

    /** The same request submitted with {@code --begin=now+begin}. */
    static JobRequest begin(JobRequest r, Duration begin) {
        return new JobRequest(r.name(), r.user(), r.partitions(), r.nodes(), r.tasks(), r.cpusPerTask(),
                r.memoryPerNodeMB(), r.gresPerNode(), r.gresPerJob(), r.gresPerTask(), r.exclusive(), r.features(),
                r.arrayTasks(), r.arrayThrottle(), r.runtime(), r.timeLimit(), r.priority(), r.hold(), begin);
    }

    /** The same request submitted with {@code --reservation=name}. */
    static JobRequest reserved(JobRequest r, String name) {
        return new JobRequest(r.name(), r.user(), r.partitions(), r.nodes(), r.tasks(), r.cpusPerTask(),
                r.memoryPerNodeMB(), r.gresPerNode(), r.gresPerJob(), r.gresPerTask(), r.exclusive(), r.features(),
                r.arrayTasks(), r.arrayThrottle(), r.runtime(), r.timeLimit(), r.priority(), r.hold(), r.begin(), name);
    }

    static JobRequest array(int tasks, int throttle, Duration runtime) {
        return new JobRequest("sweep", "carol", List.of("gpu-h100"), 1, 1, 8, 64_000, Gres.NONE, Gres.NONE,
                Gres.of("gpu", 1), false, "", tasks, throttle, runtime, runtime.plusMinutes(10), 1, false);
    }
}

package io.skaler.sandbox;

import java.time.Instant;

/**
 * A NodeSet pod as the simulated kubelet tracks it; its name is also its Slurm node name.
 *
 * @param claim           the NodeClaim (node) it runs on, {@code ""} while it waits for one
 * @param ready           slurmd runs and has registered
 * @param nextDrainCheck  when the operator looks again at a draining node (it requeues every 30 s)
 */
public record SlurmdPod(String name, String nodeSet, int ordinal, String claim, boolean ready, Instant createdAt,
        Instant nextDrainCheck) {

    SlurmdPod onNode(String node) {
        return new SlurmdPod(name, nodeSet, ordinal, node, ready, createdAt, nextDrainCheck);
    }

    SlurmdPod started() {
        return new SlurmdPod(name, nodeSet, ordinal, claim, true, createdAt, nextDrainCheck);
    }

    SlurmdPod withNextCheck(Instant at) {
        return new SlurmdPod(name, nodeSet, ordinal, claim, ready, createdAt, at);
    }
}

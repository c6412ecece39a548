package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MultiNodeShortfallTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final SandboxNodeSet gpu = Jobs.cluster().get(0); // at most 8 nodes

    @Test
    void aMultiNodeJobCountsOnceWhenTheReplicasAskedForCannotHostItAfterTheGrace() {
        slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(30)));
        var shortfall = new MultiNodeShortfall(Duration.ofMinutes(5));
        clock.advanceBy(Duration.ofMinutes(4));
        shortfall.check(slurm.state(), gpu, 1);
        assertThat(shortfall.jobs()).as("still within the grace: the answer may be on its way").isZero();
        clock.advanceBy(Duration.ofMinutes(2));
        shortfall.check(slurm.state(), gpu, 2);
        assertThat(shortfall.jobs()).as("two replicas host a 2-node job").isZero();
        shortfall.check(slurm.state(), gpu, 1);
        shortfall.check(slurm.state(), gpu, 0);
        assertThat(shortfall.jobs()).as("one replica per pending job is too few, counted once").isEqualTo(1);
    }

    @Test
    void neitherSingleNodeJobsNorANodeSetAskedToItsMaximumCount() {
        slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(30)));
        clock.advanceBy(Duration.ofMinutes(10));
        var shortfall = new MultiNodeShortfall(Duration.ofMinutes(5));
        shortfall.check(slurm.state(), gpu, 0);
        assertThat(shortfall.jobs()).as("a single-node job").isZero();
        slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(30)));
        clock.advanceBy(Duration.ofMinutes(10));
        shortfall.check(slurm.state(), gpu, 8);
        assertThat(shortfall.jobs()).as("all 8 asked for: waiting for busy nodes is not the ask's fault").isZero();
        shortfall.check(slurm.state(), gpu, 1);
        assertThat(shortfall.jobs()).isEqualTo(1);
    }
}

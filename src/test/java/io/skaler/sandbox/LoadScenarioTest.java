package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated load scenario has the sizes asked for, and slurmctld (simulated) accepts every job of it. */
class LoadScenarioTest {

    @Test
    void issue8HasTheSizesItNames() {
        Scenario s = LoadScenario.issue8().scenario();

        assertThat(s.workload().submissions()).hasSize(100_000);
        assertThat(s.nodeSets()).hasSize(200);
        assertThat(s.nodeSets().stream().mapToInt(SandboxNodeSet::maxNodes).sum()).isEqualTo(1_000);
        Set<String> partitions = s.nodeSets().stream().map(SandboxNodeSet::partition).collect(Collectors.toSet());
        assertThat(partitions).hasSize(50);
        assertThat(s.workload().submissions()).allSatisfy(sub ->
                assertThat(partitions).containsAll(sub.request().partitions()));
    }

    @Test
    void everyJobIsAcceptedBySlurm() {
        Scenario s = new LoadScenario(1_000, 100, 10, 20).scenario();
        var slurm = new SimulatedSlurm(new VirtualClock(s.start()), s.nodeSets());

        s.workload().submissions().forEach(sub -> slurm.submit(sub.request()));

        assertThat(slurm.pendingCount()).isEqualTo(1_000);
    }

    @Test
    void sizesThatDoNotDivideAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new LoadScenario(10, 100, 3, 20))
                .hasMessageStartingWith("load.nodeSets: must be a multiple of partitions (3), got 20");
        assertThatThrownBy(() -> new LoadScenario(10, 101, 10, 20))
                .hasMessageStartingWith("load.nodes: must be a multiple of nodeSets (20), got 101");
    }
}

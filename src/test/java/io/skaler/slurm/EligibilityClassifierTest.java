package io.skaler.slurm;

import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.NodeState;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference table (slurmrestd.md section 4.3), one row per case. */
class EligibilityClassifierTest {
    /**
     * Cluster: {@code gpu} (MaxNodes 8, 16 nodes of which 1 listed: 15 hidden FUTURE placeholders), {@code cpu}
     * (MinNodes 2, MaxNodes 4, nodes cpu-0 drained and cpu-1 reserved, no placeholders), {@code maint} (a FUTURE node
     * and a node in maintenance).
     */
    static final EligibilityContext CTX = EligibilityContext.of(List.of(
            node("gpu-0", "IDLE", Set.of("DYNAMIC_NORM"), "gpu"),
            node("cpu-0", "IDLE", Set.of("DRAIN"), "cpu"),
            node("cpu-1", "IDLE", Set.of("RESERVED"), "cpu"),
            node("maint-0", "FUTURE", Set.of(), "maint"),
            node("maint-1", "IDLE", Set.of("MAINTENANCE"), "maint")), List.of(
            new SlurmPartition("gpu", List.of("ns-gpu"), "ns-gpu", 16, 8, 0, List.of("UP")),
            new SlurmPartition("cpu", List.of(), "cpu-[0-1]", 2, 4, 2, List.of("UP")),
            new SlurmPartition("maint", List.of(), "maint-[0-1]", 2, 0, 0, List.of("UP"))));

    static SlurmNode node(String name, String base, Set<String> flags, String partition) {
        return new SlurmNode(name, new NodeState(base, flags), List.of(partition), List.of(), 8, 0, 1000, 0,
                Gres.NONE, Gres.NONE, "", "", 0, 0, "");
    }

    @ParameterizedTest(name = "{0} / {1} / hold={2} / dep={3} / {4} nodes in {5} -> demand={6} ({7})")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            Resources                | ''                                          | false | ''                     | 4  | gpu     | true  | Resources
            Priority                 | ''                                          | false | ''                     | 1  | gpu     | true  | Priority
            None                     | ''                                          | false | ''                     | 1  | cpu     | true  | None
            PartitionNodeLimit       | ''                                          | false | ''                     | 8  | gpu     | true  | PartitionNodeLimit
            PartitionNodeLimit       | ''                                          | false | ''                     | 9  | gpu     | false | PartitionNodeLimit (node_count 9 outside MinNodes..MaxNodes of every candidate partition)
            PartitionNodeLimit       | ''                                          | false | ''                     | 1  | cpu     | false | PartitionNodeLimit (node_count 1 outside MinNodes..MaxNodes of every candidate partition)
            PartitionNodeLimit       | ''                                          | false | ''                     | 9  | cpu,gpu | false | PartitionNodeLimit (node_count 9 outside MinNodes..MaxNodes of every candidate partition)
            PartitionNodeLimit       | ''                                          | false | ''                     | 3  | cpu,gpu | true  | PartitionNodeLimit
            PartitionNodeLimit       | ''                                          | false | ''                     | 3  | nosuch  | false | PartitionNodeLimit (partition nosuch unknown)
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:gpu-[3-4] | false | ''                     | 2  | gpu     | true  | ReqNodeNotAvail
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:maint-0   | false | ''                     | 1  | maint   | true  | ReqNodeNotAvail
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:cpu-0     | false | ''                     | 1  | cpu     | false | ReqNodeNotAvail, UnavailableNodes:cpu-0 (cpu-0 is not a placeholder skaler can bring up)
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:cpu-[0-1] | false | ''                     | 1  | cpu     | false | ReqNodeNotAvail, UnavailableNodes:cpu-[0-1] (cpu-0 is not a placeholder skaler can bring up)
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:cpu-1     | false | ''                     | 1  | cpu     | false | ReqNodeNotAvail, UnavailableNodes:cpu-1 (cpu-1 is reserved or in maintenance)
            ReqNodeNotAvail          | ReqNodeNotAvail, UnavailableNodes:gpu-[3-4],maint-1 | false | ''             | 1  | gpu     | false | ReqNodeNotAvail, UnavailableNodes:gpu-[3-4],maint-1 (maint-1 is reserved or in maintenance)
            ReqNodeNotAvail          | ReqNodeNotAvail, Reserved for maintenance   | false | ''                     | 1  | gpu     | false | ReqNodeNotAvail, Reserved for maintenance
            ReqNodeNotAvail          | ReqNodeNotAvail, May be reserved for other job | false | ''                  | 2  | gpu     | true  | ReqNodeNotAvail
            ReqNodeNotAvail          | ReqNodeNotAvail, May be reserved for other job | false | ''                  | 1  | maint   | false | ReqNodeNotAvail, May be reserved for other job
            ReqNodeNotAvail          | ReqNodeNotAvail, May be reserved for other job | false | ''                  | 1  | cpu     | false | ReqNodeNotAvail, May be reserved for other job
            ReqNodeNotAvail          | Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions | false | '' | 1 | gpu | true | ReqNodeNotAvail
            ReqNodeNotAvail          | Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions | false | '' | 1 | cpu | false | Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions (no placeholder nodes in cpu)
            ReqNodeNotAvail          | ''                                          | false | ''                     | 1  | gpu     | false | ReqNodeNotAvail
            Resources                | ''                                          | true  | ''                     | 1  | gpu     | false | hold (Resources)
            JobHeldUser              | ''                                          | true  | ''                     | 1  | gpu     | false | JobHeldUser
            JobHeldAdmin             | ''                                          | true  | ''                     | 1  | gpu     | false | JobHeldAdmin
            Dependency               | ''                                          | false | afterok:7(unfulfilled) | 1  | gpu     | false | dependency afterok:7(unfulfilled)
            Dependency               | ''                                          | false | ''                     | 1  | gpu     | false | Dependency
            Resources                | ''                                          | false | afterok:7_*(unfulfilled),singleton(unfulfilled) | 1 | gpu | false | dependency afterok:7_*(unfulfilled),singleton(unfulfilled)
            ReqNodeNotAvail          | ReqNodeNotAvail, May be reserved for other job | false | afterok:7(unfulfilled) | 1 | gpu | false | dependency afterok:7(unfulfilled)
            Resources                | ''                                          | false | afterok:7              | 1  | gpu     | true  | Resources
            DependencyNeverSatisfied | ''                                          | false | afterok:7(failed)      | 1  | gpu     | false | DependencyNeverSatisfied
            BeginTime                | ''                                          | false | ''                     | 1  | gpu     | false | BeginTime
            Reservation              | ''                                          | false | ''                     | 1  | gpu     | false | Reservation
            ReservationDeleted       | ''                                          | false | ''                     | 1  | gpu     | false | ReservationDeleted
            QOSGrpGRES               | ''                                          | false | ''                     | 1  | gpu     | false | QOSGrpGRES
            QOSMaxGRESPerUser        | ''                                          | false | ''                     | 1  | gpu     | false | QOSMaxGRESPerUser
            AssocGrpGRES             | ''                                          | false | ''                     | 1  | gpu     | false | AssocGrpGRES
            AssocMaxGRESPerJob       | ''                                          | false | ''                     | 1  | gpu     | false | AssocMaxGRESPerJob
            MaxCpuPerAccount         | ''                                          | false | ''                     | 1  | gpu     | false | MaxCpuPerAccount
            MaxPoweredUpNodes        | ''                                          | false | ''                     | 1  | gpu     | false | MaxPoweredUpNodes
            Licenses                 | ''                                          | false | ''                     | 1  | gpu     | false | Licenses
            JobArrayTaskLimit        | ''                                          | false | ''                     | 1  | gpu     | false | JobArrayTaskLimit
            PartitionDown            | ''                                          | false | ''                     | 1  | gpu     | false | PartitionDown
            PartitionTimeLimit       | ''                                          | false | ''                     | 1  | gpu     | false | PartitionTimeLimit
            PartitionConfig          | ''                                          | false | ''                     | 1  | gpu     | false | PartitionConfig
            BadConstraints           | ''                                          | false | ''                     | 1  | gpu     | false | BadConstraints
            BurstBufferResources     | ''                                          | false | ''                     | 1  | gpu     | false | BurstBufferResources
            SomethingNew             | ''                                          | false | ''                     | 1  | gpu     | false | unrecognised reason SomethingNew
            ''                       | ''                                          | false | ''                     | 1  | gpu     | false | unrecognised reason no reason given
            """)
    void classifies(String reason, String description, boolean hold, String dependency, int nodes, String partitions,
                    boolean demand, String why) {
        Eligibility e = EligibilityClassifier.classify(reason, description, hold, dependency, nodes,
                List.of(partitions.split(",")), CTX);
        assertThat(e).isEqualTo(new Eligibility(demand, why));
    }

    @Test
    void withoutAClusterViewConditionalReasonsAreNeverDemand() {
        var unknown = EligibilityContext.UNKNOWN;
        assertThat(EligibilityClassifier.classify("ReqNodeNotAvail", "ReqNodeNotAvail, UnavailableNodes:gpu-3", false,
                "", 1, List.of("gpu"), unknown).demand()).isFalse();
        assertThat(EligibilityClassifier.classify("PartitionNodeLimit", "", false, "", 1, List.of("gpu"), unknown)
                .demand()).isFalse();
        assertThat(EligibilityClassifier.classify("Resources", "", false, "", 1, List.of("gpu"), unknown)
                .demand()).isTrue();
    }

    @Test
    void aPartitionWithListedFutureNodesHasPlaceholders() {
        assertThat(CTX.hasPlaceholders("maint")).isTrue();
        assertThat(CTX.hasPlaceholders("gpu")).as("16 total, 1 listed").isTrue();
        assertThat(CTX.hasPlaceholders("cpu")).isFalse();
        assertThat(CTX.node("gpu-9")).as("not listed: hidden FUTURE").isEqualTo(EligibilityContext.NodeKind.PLACEHOLDER);
        assertThat(CTX.node("cpu-1")).isEqualTo(EligibilityContext.NodeKind.RESERVED);
        assertThat(CTX.node("cpu-0")).isEqualTo(EligibilityContext.NodeKind.OTHER);
    }
}

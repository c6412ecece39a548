package io.skaler.slurm;

import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every supported version, in both number styles, through the same assertions. */
class JobsParserTest {
    static Stream<Arguments> versions() {
        List<Arguments> out = new ArrayList<>();
        for (ApiVersion v : ApiVersion.values()) {
            for (SlurmNumber n : SlurmNumber.values()) {
                out.add(Arguments.of(v, n));
            }
        }
        return out.stream();
    }

    private static SlurmAnswer<PendingJob> parse(ApiVersion v, SlurmNumber n, JobJson... jobs) throws Exception {
        return new JobsParser().parse(AnswerJson.of(v, n).jobs(jobs), EligibilityContext.UNKNOWN);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void multiNodeGpuJobIsReadFieldByField(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1234567).partition("gpu-h100,gpu-a100").nodes(4, 4)
                .cpus(128, 32, 4).memoryPerNode(512_000).tres("gres/gpu:h100:8", "", "", "")
                .set("features", "h100&ib").set("priority", 10234L).set("submit_time", 1_735_689_500L)
                .set("eligible_time", 1_735_689_501L).set("minimum_cpus_per_node", 32L).exclusive());

        assertThat(answer.items()).hasSize(1);
        PendingJob j = answer.items().get(0);
        assertThat(j.jobId()).isEqualTo(1234567);
        assertThat(j.partitions()).containsExactly("gpu-h100", "gpu-a100");
        assertThat(j.minNodes()).isEqualTo(4);
        assertThat(j.maxNodes()).isEqualTo(4);
        assertThat(j.minCpus()).isEqualTo(128);
        assertThat(j.tasks()).isEqualTo(32);
        assertThat(j.cpusPerTask()).isEqualTo(4);
        assertThat(j.minCpusPerNode()).isEqualTo(32);
        assertThat(j.memory()).isEqualTo(MemoryRequest.perNode(512_000));
        assertThat(j.gresPerNode()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(j.gresPerJob()).isEqualTo(Gres.NONE);
        assertThat(j.features()).isEqualTo("h100&ib");
        assertThat(j.exclusive()).as("v0.0.45 hides --exclusive").isEqualTo(v.showsExclusivity());
        assertThat(j.runnableTasks()).isEqualTo(1);
        assertThat(j.hetJobId()).isZero();
        assertThat(j.priority()).isEqualTo(10234);
        assertThat(j.submitTime()).isEqualTo(1_735_689_500L);
        assertThat(j.eligibleTime()).isEqualTo(1_735_689_501L);
        assertThat(j.stateReason()).isEqualTo("Resources");
        assertThat(j.eligibility().demand()).isTrue();
        assertThat(answer.meta().dataParser()).isEqualTo("data_parser/" + v.text());
        assertThat(answer.meta().release()).isEqualTo("24.11.5");
        assertThat(answer.meta().lastUpdate()).isEqualTo(1_795_000_100L);
        assertThat(answer.problems()).as("an exclusive job is read as such where the version shows it")
                .hasSize(v.showsExclusivity() ? 0 : 1);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void keepsOnlyPendingRecords(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.running(1), JobJson.pending(2),
                JobJson.pending(3).state("COMPLETED"), JobJson.pending(4).state("PENDING", "REQUEUED"));
        assertThat(answer.items()).extracting(PendingJob::jobId).containsExactly(2L, 4L);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyWayOfAskingForAccelerators(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n,
                JobJson.pending(1).tres("gres/gpu:h100:4,gres/gpu:2", "", "", ""),
                JobJson.pending(2).nodes(2, 0).tres("", "gres/gpu:16", "", ""),
                JobJson.pending(3).cpus(8, 8, 1).tres("", "", "cpu=4,gres/gpu=1", ""),
                JobJson.pending(4).tres("", "", "", "gres/gpu:a100:2"),
                JobJson.pending(5).tres("gres/neuron:trn1:16", "", "", ""),
                JobJson.pending(6).tres("", "", "gres/gpu:a100=1", ""));
        var jobs = answer.items();
        assertThat(jobs.get(0).gresPerNode()).isEqualTo(new Gres(Map.of("gpu:h100", 4L, "gpu", 2L)));
        assertThat(jobs.get(1).gresPerJob()).isEqualTo(Gres.of("gpu", 16));
        assertThat(jobs.get(1).maxNodes()).isZero();
        assertThat(jobs.get(2).gresPerTask()).isEqualTo(Gres.of("gpu", 1));
        assertThat(jobs.get(2).cpusPerTask()).isEqualTo(4);
        assertThat(jobs.get(2).tasks()).isEqualTo(8);
        assertThat(jobs.get(3).gresPerSocket()).isEqualTo(Gres.of("gpu:a100", 2));
        assertThat(jobs.get(4).gresPerNode().total("neuron")).isEqualTo(16);
        assertThat(jobs.get(5).gresPerTask()).isEqualTo(Gres.of("gpu:a100", 1));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void memoryPerCpuPerNodeAndWholeNode(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1).memoryPerCpu(4000), JobJson.pending(2).memoryPerNode(0),
                JobJson.pending(3).memoryPerNode(64_000), JobJson.pending(4).omit("memory_per_node"));
        assertThat(answer.items()).extracting(PendingJob::memory).containsExactly(MemoryRequest.perCpu(4000),
                MemoryRequest.WHOLE_NODE, MemoryRequest.perNode(64_000), MemoryRequest.UNSPECIFIED);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void sharedWithoutExclusiveIsNotExclusive(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1).set("shared", List.of("oversubscribe")),
                JobJson.pending(2).set("shared", List.of("none")).set("exclusive", List.of("false")),
                JobJson.pending(3).set("shared", List.of("user")).set("exclusive", List.of("user")));
        assertThat(answer.items()).extracting(PendingJob::exclusive)
                .containsExactly(false, v.showsExclusivity(), false);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aVersionThatHidesExclusivityIsSaidOnce(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1).exclusive(), JobJson.pending(2));
        var said = answer.problems().stream().filter(p -> p.startsWith("exclusive jobs cannot be recognised")).toList();
        if (v.showsExclusivity()) {
            assertThat(said).isEmpty();
        } else {
            assertThat(said).singleElement().asString().contains(v.text()).contains("any of the 2 pending job(s)")
                    .contains("v0.0.44 or older");
        }
        assertThat(parse(v, n).problems()).as("no pending job, nothing misread").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void arrayTasksAreCountedAndThrottledByRunningTasks(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n,
                JobJson.pending(2000).array(2000, "3-99%8", 8).reason("JobArrayTaskLimit", ""),
                JobJson.running(2001).arrayTask(2000, 0),
                JobJson.running(2002).arrayTask(2000, 1),
                JobJson.running(2003).arrayTask(2000, 2),
                JobJson.pending(3000).array(3000, "1,5,7-9", 0),
                JobJson.pending(4000).array(4000, "0-100:2", 0),
                JobJson.pending(5000).array(5000, "0-9%4", 4),
                JobJson.pending(6000).arrayTask(6000, 7));
        var jobs = answer.items();
        assertThat(jobs).extracting(PendingJob::jobId).containsExactly(2000L, 3000L, 4000L, 5000L, 6000L);
        assertThat(jobs.get(0).runnableTasks()).as("97 pending, throttle 8, 3 running").isEqualTo(5);
        assertThat(jobs.get(0).eligibility().demand()).isFalse();
        assertThat(jobs.get(0).eligibility().reason()).isEqualTo("JobArrayTaskLimit");
        assertThat(jobs.get(1).runnableTasks()).isEqualTo(5);
        assertThat(jobs.get(2).runnableTasks()).isEqualTo(51);
        assertThat(jobs.get(3).runnableTasks()).isEqualTo(4);
        assertThat(jobs.get(4).runnableTasks()).as("a single requeued task record").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void truncatedArrayStringIsReportedAndCountsOnlyWhatIsListed(ApiVersion v, SlurmNumber n) throws Exception {
        String cut = "1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41,43,45,4...";
        var answer = parse(v, n, JobJson.pending(7000).array(7000, cut, 0));
        assertThat(answer.items().get(0).runnableTasks()).isEqualTo(23);
        assertThat(answer.problems()).filteredOn(p -> p.contains("array_task_string")).singleElement().asString()
                .contains("job 7000").contains("SLURM_BITSTR_LEN=0").contains("23 task(s)");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void hetJobComponentsKeepLeaderAndOffset(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(10).het(10, 0).partition("cpu"),
                JobJson.pending(11).het(10, 1).tres("gres/gpu:h100:8", "", "", ""));
        assertThat(answer.items()).extracting(PendingJob::hetJobId).containsExactly(10L, 10L);
        assertThat(answer.items()).extracting(PendingJob::hetJobOffset).containsExactly(0, 1);
        assertThat(answer.items().get(1).isHetComponent()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void heldAndDependentJobsAreBlockedWithTheirReason(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1).held(),
                JobJson.pending(2).reason("Dependency", "").set("dependency", "afterok:1(unfulfilled)"),
                JobJson.pending(3).reason("BeginTime", ""));
        assertThat(answer.items()).extracting(j -> j.eligibility().demand()).containsOnly(false);
        assertThat(answer.items()).extracting(j -> j.eligibility().reason())
                .containsExactly("JobHeldUser", "dependency afterok:1(unfulfilled)", "BeginTime");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void warningsAreKept(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = new JobsParser().parse(AnswerJson.of(v, n).warning("No job changes since update_time[1]").jobs(),
                EligibilityContext.UNKNOWN);
        assertThat(answer.items()).isEmpty();
        assertThat(answer.meta().warnings()).singleElement().asString().contains("No job changes");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void repeatedValuesAreShared(ApiVersion v, SlurmNumber n) throws Exception {
        var answer = parse(v, n, JobJson.pending(1).partition("a,b").tres("gres/gpu:8", "", "", ""),
                JobJson.pending(2).partition("a,b").tres("gres/gpu:8", "", "", ""));
        var a = answer.items().get(0);
        var b = answer.items().get(1);
        assertThat(a.partitions()).isSameAs(b.partitions());
        assertThat(a.gresPerNode()).isSameAs(b.gresPerNode());
        assertThat(a.eligibility()).isSameAs(b.eligibility());
        assertThat(a.memory()).isSameAs(b.memory());
    }
}

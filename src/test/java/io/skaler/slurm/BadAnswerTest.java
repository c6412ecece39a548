package io.skaler.slurm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each kind of unusable answer gives a BadAnswerException naming the field path and the reason; nothing else escapes. */
class BadAnswerTest {
    private static final ApiVersion V = ApiVersion.V0_0_42;

    private static BadAnswerException jobsFail(byte[] body) {
        return jobsFail(body, ParseLimits.DEFAULT);
    }

    private static BadAnswerException jobsFail(byte[] body, ParseLimits limits) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> new JobsParser(limits).parse(body, EligibilityContext.UNKNOWN));
        assertThat(t).isInstanceOf(BadAnswerException.class);
        return (BadAnswerException) t;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void truncatedJson() {
        byte[] whole = AnswerJson.of(V).jobs(JobJson.pending(1), JobJson.pending(2));
        var e = jobsFail(Arrays.copyOf(whole, whole.length / 2));
        assertThat(e.reason()).contains("truncated");
        assertThat(e.path()).startsWith("/jobs/");
    }

    @Test
    void wrongTypeNamesTheField() {
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1), JobJson.pending(2).set("node_count", "four")));
        assertThat(e.path()).isEqualTo("/jobs/1/node_count");
        assertThat(e.reason()).contains("expected a number").contains("four");
        assertThat(e.getMessage()).isEqualTo("/jobs/1/node_count: " + e.reason());
    }

    @Test
    void wrongTypeInsideTheWrapper() {
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("priority",
                SlurmNumber.map("set", "yes", "infinite", false, "number", 1))));
        assertThat(e.path()).isEqualTo("/jobs/0/priority/set");
        assertThat(e.reason()).contains("true or false");
    }

    @Test
    void jobStateAsAStringIsV0039AndRejected() {
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("job_state", "PENDING")));
        assertThat(e.path()).isEqualTo("/jobs/0/job_state");
    }

    @Test
    void hugeNumbers() {
        String body = text(AnswerJson.of(V).jobs(JobJson.pending(1)))
                .replace("\"node_count\":{\"set\":true,\"infinite\":false,\"number\":1}",
                        "\"node_count\":{\"set\":true,\"infinite\":false,\"number\":123456789012345678901234567890}");
        var e = jobsFail(utf8(body));
        assertThat(e.path()).isEqualTo("/jobs/0/node_count/number");
        assertThat(e.reason()).contains("out of range");

        var tooBigForCount = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("node_count", 5_000_000_000L)));
        assertThat(tooBigForCount.path()).isEqualTo("/jobs/0/node_count");
        assertThat(tooBigForCount.reason()).contains("5000000000").contains("out of range");

        var negative = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("tasks", -3L)));
        assertThat(negative.path()).isEqualTo("/jobs/0/tasks");
    }

    @Test
    void overlongNumberTextIsRefused() {
        String digits = "9".repeat(5000);
        String body = text(AnswerJson.of(V).jobs(JobJson.pending(1))).replace("\"job_id\":1,", "\"job_id\":" + digits + ",");
        var e = jobsFail(utf8(body));
        assertThat(e.reason()).contains("limit");
    }

    @Test
    void missingFields() {
        var noId = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1), JobJson.pending(2).omit("job_id")));
        assertThat(noId.path()).isEqualTo("/jobs/1/job_id");
        assertThat(noId.reason()).isEqualTo("missing");
        var noState = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(7).omit("job_state")));
        assertThat(noState.path()).isEqualTo("/jobs/0/job_state");
        assertThat(noState.reason()).contains("job 7");
        var noPartition = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(8).omit("partition")));
        assertThat(noPartition.path()).isEqualTo("/jobs/0/partition");
        var noJobs = jobsFail(utf8("{\"meta\":{},\"errors\":[],\"warnings\":[]}"));
        assertThat(noJobs.path()).isEqualTo("/jobs");
        assertThat(noJobs.reason()).contains("missing");
    }

    @Test
    void htmlErrorPage() {
        var e = jobsFail(utf8("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
        assertThat(e.path()).isEqualTo("/");
        assertThat(e.reason()).contains("HTML");
    }

    @Test
    void emptyBody() {
        var e = jobsFail(new byte[0]);
        assertThat(e.path()).isEqualTo("/");
        assertThat(e.reason()).isEqualTo("empty body");
        assertThat(jobsFail(utf8("   \n")).reason()).isEqualTo("empty body");
    }

    @Test
    void notAnObject() {
        assertThat(jobsFail(utf8("[1,2]")).reason()).contains("JSON object at the top");
        assertThat(jobsFail(utf8("Unable find requested URL.")).reason()).contains("malformed JSON");
    }

    @Test
    void tenMegabyteStringInAFieldThatIsRead() {
        String big = "x".repeat(10 * 1024 * 1024);
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("state_description", big)));
        assertThat(e.path()).isEqualTo("/jobs/0/state_description");
        assertThat(e.reason()).contains("limit").contains("String value length");
    }

    @Test
    void tenMegabyteStringInAnIgnoredField() {
        String big = "x".repeat(10 * 1024 * 1024);
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("comment", big)));
        assertThat(e.path()).isEqualTo("/jobs/0/comment");
        assertThat(e.reason()).contains("limit");
        var nested = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).set("gres_detail", java.util.List.of("a", big))));
        assertThat(nested.path()).isEqualTo("/jobs/0/gres_detail/1");
        assertThat(nested.reason()).contains("limit");
    }

    @Test
    void bodyOverTheConfiguredSizeWhileStreaming() {
        byte[] body = AnswerJson.of(V).jobs(JobJson.pending(1), JobJson.pending(2), JobJson.pending(3));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> new JobsParser(
                new ParseLimits(body.length / 2, 1 << 20)).parse(new java.io.ByteArrayInputStream(body),
                EligibilityContext.UNKNOWN));
        assertThat(t).isInstanceOf(BadAnswerException.class);
        assertThat(((BadAnswerException) t).reason()).contains("limit").contains("Document length");
    }

    @Test
    void bodyOverTheConfiguredSize() {
        byte[] body = AnswerJson.of(V).jobs(JobJson.pending(1), JobJson.pending(2), JobJson.pending(3));
        var e = jobsFail(body, new ParseLimits(body.length / 2, 1 << 20));
        assertThat(e.reason()).contains("limit").contains("Document length");
    }

    @Test
    void slurmErrorsMakeTheAnswerAnErrorCarryingTheirTexts() {
        var e = jobsFail(AnswerJson.of(V).error(1007, "Protocol authentication error", "Token rejected")
                .jobs(JobJson.pending(1)));
        assertThat(e.reportedBySlurm()).isTrue();
        assertThat(e.slurmErrors()).containsExactly(
                "Protocol authentication error: Token rejected (error 1007) [slurm_rest_auth]");
        assertThat(e.path()).isEqualTo("/errors");
        assertThat(e.getMessage()).contains("Token rejected");
    }

    @Test
    void trailingGarbage() {
        byte[] body = AnswerJson.of(V).jobs();
        var e = jobsFail(utf8(text(body) + "{}"));
        assertThat(e.reason()).contains("after the JSON object");
    }

    @Test
    void unreadableTresAndArrayStringsNameTheField() {
        var tres = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).tres("gres/gpu:h100:8x", "", "", "")));
        assertThat(tres.path()).isEqualTo("/jobs/0/tres_per_node");
        assertThat(tres.reason()).contains("gres/gpu:h100:8x");
        var array = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).array(1, "5-2", 0)));
        assertThat(array.path()).isEqualTo("/jobs/0/array_task_string");
    }

    @Test
    void inconsistentRecordIsAnError() {
        var e = jobsFail(AnswerJson.of(V).jobs(JobJson.pending(1).nodes(4, 2)));
        assertThat(e.path()).isEqualTo("/jobs/0");
        assertThat(e.reason()).contains("maxNodes 2 < minNodes 4");
    }

    @Test
    void nodesAndPartitionsFailTheSameWay() {
        assertThatThrownBy(() -> new NodesParser().parse(AnswerJson.of(V).nodes(NodeJson.node("a").omit("state"))))
                .isInstanceOf(BadAnswerException.class).hasMessage("/nodes/0/state: missing (node a)");
        assertThatThrownBy(() -> new NodesParser().parse(AnswerJson.of(V).nodes(NodeJson.node("a").set("cpus", "many"))))
                .isInstanceOf(BadAnswerException.class).hasMessageStartingWith("/nodes/0/cpus: expected a number");
        assertThatThrownBy(() -> new PartitionsParser().parse(utf8("{\"partitions\":[{\"nodes\":{\"total\":true}}]}")))
                .isInstanceOf(BadAnswerException.class).hasMessageStartingWith("/partitions/0/nodes/total:");
        assertThatThrownBy(() -> new PartitionsParser().parse(new byte[0]))
                .isInstanceOf(BadAnswerException.class).hasMessage("/: empty body");
    }
}

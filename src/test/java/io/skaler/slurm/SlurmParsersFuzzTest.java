package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.testing.PropertyCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's "bad input, systematically" for the slurmrestd parsers: valid answers of every version, mutated byte by
 * byte and value by value, and random JSON. Whatever arrives, a parser returns a model or throws
 * {@link BadAnswerException} naming a path and a reason; nothing else escapes. Seeded: a failure names its seed.
 */
class SlurmParsersFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int CASES = 3_000;

    /** Valid answers of every supported version, numbers wrapped and bare, covering the demand forms. */
    private static final List<byte[]> JOBS = new ArrayList<>();
    private static final List<byte[]> NODE_LISTS = new ArrayList<>();
    private static final List<byte[]> PARTITION_LISTS = new ArrayList<>();
    private static final List<byte[]> RESERVATION_LISTS = new ArrayList<>();

    static {
        for (ApiVersion v : ApiVersion.values()) {
            for (SlurmNumber numbers : SlurmNumber.values()) {
                var answer = AnswerJson.of(v, numbers);
                JOBS.add(answer.jobs(
                        JobJson.pending(1).partition("gpu,cpu").nodes(4, 4).tres("gres/gpu:h100:8", "", "", ""),
                        JobJson.pending(2).tres("", "gres/gpu:16", "", "").memoryPerCpu(4000).cpus(8, 8, 1),
                        JobJson.pending(3).tres("", "", "cpu=4,gres/gpu=1", "").exclusive()));
                JOBS.add(answer.jobs(
                        JobJson.pending(4).array(4, "0-99%10", 10).held(),
                        JobJson.pending(5).het(5, 0).memoryPerNode(0),
                        JobJson.running(6)));
                NODE_LISTS.add(answer.nodes(NodeJson.node("gpu-0").partitions("gpu"),
                        NodeJson.node("gpu-1").drained("maintenance", "root", 1_795_000_000L),
                        NodeJson.node("cpu-0").state("IDLE", "DYNAMIC_NORM")));
                PARTITION_LISTS.add(answer.partitions(PartitionJson.partition("gpu").maxNodes(16),
                        PartitionJson.partition("cpu").minNodes(1).states("UP")));
                RESERVATION_LISTS.add(answer.reservations(ReservationJson.reservation("maint"),
                        ReservationJson.reservation("team").nodes("cpu-0,gpu-h100-[3-5]").flags("FLEX")));
                JOBS.add(answer.jobs(JobJson.running(7), JobJson.pending(8)));
            }
        }
    }

    private interface Parser {
        void parse(byte[] body) throws BadAnswerException, IOException;
    }

    private static final Parser JOBS_PARSER = b -> new JobsParser(ParseLimits.DEFAULT).parse(b, EligibilityContext.UNKNOWN);
    private static final Parser NODES_PARSER = b -> new NodesParser(ParseLimits.DEFAULT).parse(b);
    private static final Parser PARTITIONS_PARSER = b -> new PartitionsParser(ParseLimits.DEFAULT).parse(b);
    private static final Parser RESERVATIONS_PARSER = b -> new ReservationsParser(ParseLimits.DEFAULT).parse(b);
    private static final Parser JOBS_WITH_RUNNING_PARSER = b -> new JobsParser(ParseLimits.DEFAULT)
            .parseWithRunning(new ByteArrayInputStream(b), EligibilityContext.UNKNOWN);

    @Test
    void theSeedsAreValidAnswers() throws Exception {
        for (byte[] b : JOBS) {
            JOBS_PARSER.parse(b);
        }
        for (byte[] b : NODE_LISTS) {
            NODES_PARSER.parse(b);
        }
        for (byte[] b : PARTITION_LISTS) {
            PARTITIONS_PARSER.parse(b);
        }
        for (byte[] b : RESERVATION_LISTS) {
            RESERVATIONS_PARSER.parse(b);
        }
    }

    @Test
    void mutatedReservationAnswersGiveAModelOrATypedError() {
        assertThat(fuzz(RESERVATION_LISTS, RESERVATIONS_PARSER)).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void mutatedJobAnswersReadWithRunningJobsGiveAModelOrATypedError() {
        assertThat(fuzz(JOBS, JOBS_WITH_RUNNING_PARSER)).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void mutatedJobAnswersGiveAModelOrATypedError() {
        assertThat(fuzz(JOBS, JOBS_PARSER)).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void mutatedNodeAnswersGiveAModelOrATypedError() {
        assertThat(fuzz(NODE_LISTS, NODES_PARSER)).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void mutatedPartitionAnswersGiveAModelOrATypedError() {
        assertThat(fuzz(PARTITION_LISTS, PARTITIONS_PARSER)).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void randomJsonGivesAModelOrATypedError() {
        int cases = PropertyCheck.forAll(CASES, r -> AnswerJson.write(randomValue(r, 0, true)), body -> {
            parsesOrFailsTyped(JOBS_PARSER, body);
            parsesOrFailsTyped(NODES_PARSER, body);
            parsesOrFailsTyped(PARTITIONS_PARSER, body);
            parsesOrFailsTyped(RESERVATIONS_PARSER, body);
        });
        assertThat(cases).isGreaterThanOrEqualTo(CASES);
    }

    @Test
    void randomExpositionTextGivesSamplesOrAFormatError() {
        String[] pieces = {"slurm_partition_jobs_pending", "{partition=\"gpu\"}", " ", "1", "NaN", "+Inf", "# TYPE ",
                "# HELP x y", "# EOF", "\n", "{", "}", "\"", "=", ",", "le=\"0.5\"", "-1e400", "\\", "_total", "\t"};
        int cases = PropertyCheck.forAll(CASES, r -> {
            var sb = new StringBuilder();
            for (int i = r.nextInt(40); i > 0; i--) {
                sb.append(r.nextInt(8) == 0 ? (char) r.nextInt(0x3000) : pieces[r.nextInt(pieces.length)]);
            }
            return sb.toString();
        }, text -> {
            try {
                OpenMetricsParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), n -> true);
            } catch (OpenMetricsParser.FormatError e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (IOException e) {
                throw new AssertionError("an in-memory stream cannot fail to read: " + e, e);
            }
        });
        assertThat(cases).isGreaterThanOrEqualTo(CASES);
    }

    private static int fuzz(List<byte[]> seeds, Parser parser) {
        return PropertyCheck.forAll(CASES, r -> mutate(seeds.get(r.nextInt(seeds.size())), r),
                body -> parsesOrFailsTyped(parser, body));
    }

    private static void parsesOrFailsTyped(Parser parser, byte[] body) {
        try {
            parser.parse(body);
        } catch (BadAnswerException e) {
            assertThat(e.reason()).as("reason of %s", e).isNotBlank();
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("an in-memory body cannot fail to read: " + e, e);
        }
        // anything else (NullPointerException, ArithmeticException, ...) propagates and fails the case with its seed
    }

    private static byte[] mutate(byte[] seed, Random r) {
        return r.nextBoolean() ? mutateBytes(seed, r) : mutateValues(seed, r);
    }

    /** Byte-level damage: cut, flip, splice in JSON punctuation, repeat a slice. */
    private static byte[] mutateBytes(byte[] seed, Random r) {
        var out = new java.io.ByteArrayOutputStream();
        byte[] b = seed.clone();
        int at = r.nextInt(b.length);
        switch (r.nextInt(5)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, at);
            }
            case 1 -> {
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 2 -> {
                String[] junk = {"{", "}", "[", "]", ",", ":", "\"", "null", "-", "1e999", "\\u0000", "<html>"};
                out.write(b, 0, at);
                out.writeBytes(junk[r.nextInt(junk.length)].getBytes(StandardCharsets.UTF_8));
                out.write(b, at, b.length - at);
                return out.toByteArray();
            }
            case 3 -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(200));
                out.write(b, 0, at + len);
                out.write(b, at, b.length - at);
                return out.toByteArray();
            }
            default -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(200));
                out.write(b, 0, at);
                out.write(b, at + len, b.length - at - len);
                return out.toByteArray();
            }
        }
    }

    /** Value-level damage on a well-formed document: a random value replaced, removed or given a strange twin. */
    private static byte[] mutateValues(byte[] seed, Random r) {
        try {
            JsonNode root = JSON.readTree(seed);
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                List<JsonNode> containers = new ArrayList<>();
                collect(root, containers);
                JsonNode c = containers.get(r.nextInt(containers.size()));
                if (c instanceof ObjectNode o && o.size() > 0) {
                    List<String> keys = new ArrayList<>();
                    o.fieldNames().forEachRemaining(keys::add);
                    String key = keys.get(r.nextInt(keys.size()));
                    switch (r.nextInt(3)) {
                        case 0 -> o.remove(key);
                        case 1 -> o.set(key, randomValue(r, 0, false));
                        default -> o.set(key + (r.nextBoolean() ? "" : "_x"), randomValue(r, 0, false));
                    }
                } else if (c instanceof ArrayNode a) {
                    if (a.size() > 0 && r.nextBoolean()) {
                        a.set(r.nextInt(a.size()), randomValue(r, 0, false));
                    } else {
                        a.add(randomValue(r, 0, false));
                    }
                }
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static JsonNode randomValue(Random r, int depth, boolean answerLike) {
        if (answerLike && depth == 0) {
            ObjectNode o = NODES.objectNode();
            String[] keys = {"jobs", "nodes", "partitions", "errors", "warnings", "meta", "last_update"};
            for (int i = r.nextInt(4); i >= 0; i--) {
                o.set(keys[r.nextInt(keys.length)], randomValue(r, 1, false));
            }
            return o;
        }
        int pick = r.nextInt(depth > 4 ? 7 : 10);
        return switch (pick) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextLong());
            case 3 -> NODES.numberNode(r.nextInt(10) - 5);
            case 4 -> NODES.numberNode(r.nextDouble() * 1e6);
            case 5 -> NODES.numberNode(new java.math.BigInteger(200, r));
            case 6 -> NODES.textNode(randomText(r));
            case 7 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomValue(r, depth + 1, false));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                String[] keys = {"set", "infinite", "number", "job_id", "job_state", "partition", "name", "state",
                        "tres_per_node", "array_task_string", "node_count", "x"};
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(keys[r.nextInt(keys.length)], randomValue(r, depth + 1, false));
                }
                yield o;
            }
        };
    }

    private static String randomText(Random r) {
        String[] texts = {"", "PENDING", "gres/gpu:h100:8", "gres/gpu=1", "0-99%10", "gpu,cpu", "[1-3]", "%",
                "gres/gpu:h100:-8", "gres/gpu:99999999999999999999", "\u0000", "é", "a".repeat(300)};
        return r.nextInt(4) == 0 ? Long.toString(r.nextLong(), 36) : texts[r.nextInt(texts.length)];
    }
}

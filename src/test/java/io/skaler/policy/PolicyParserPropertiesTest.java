package io.skaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.testing.PropertyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever text arrives in the ConfigMap, the parser answers with a valid policy or errors: it never throws, and a
 * valid answer always satisfies the invariants the planner relies on. Cases come from {@link PropertyCheck} (seeded,
 * replayable with {@code -Dskaler.seed=...}).
 */
class PolicyParserPropertiesTest {
    private static final String[] PIECES = {":", " ", "\n", "- ", "{", "}", "[", "]", "\"", "'", "#", "&a ", "*a",
        "!!int ", "---\n", "apiVersion", "kind", "partitions", "nodeSets", "name", "10m", "-1", "0", "1e99", "~", "null",
        "\t", "|", ">", "%", "@", "`", "\u0000", "é", "🙂", "?", ",", "<<: *a"};
    private static final String[] TOKENS = {"", " ", "\n", ":", "-", "{", "]", "0", "-5", "99999999999", "x", "  ", "null",
        "~", "\"", "10h", "limits", "static", "gpu:h100: 8", "scaleUp: {}", "on", "1.5", "[]", "{}"};
    private static final List<String> BASES = List.of(
            PolicyFixtures.EXAMPLE, PolicyFixtures.policyWith("minReplicas: 1, headroomNodes: 1"));

    @Test
    void randomTextNeverThrows() {
        PropertyCheck.forAll(1_000, PolicyParserPropertiesTest::yamlishText, PolicyParserPropertiesTest::check);
    }

    @Test
    void mutatedValidPoliciesNeverThrowAndValidOnesKeepTheInvariants() {
        int[] valid = {0};
        int total = PropertyCheck.forAll(2_000, PolicyParserPropertiesTest::mutatedPolicy, text -> {
            if (check(text) instanceof PolicyResult.Valid) {
                valid[0]++;
            }
        });
        // the invariants of a valid policy must really be exercised, not only the error path
        assertThat(valid[0]).as("valid policies among %d mutated ones", total).isGreaterThan(total / 50);
        assertThat(valid[0]).as("mutations that broke nothing").isLessThan(total);
    }

    @Test
    void parsingIsDeterministic() {
        PropertyCheck.forAll(300, PolicyParserPropertiesTest::mutatedPolicy,
                text -> assertThat(PolicyParser.parse(text)).isEqualTo(PolicyParser.parse(text)));
    }

    private static PolicyResult check(String text) {
        PolicyResult result = PolicyParser.parse(text);
        if (result instanceof PolicyResult.Valid v) {
            assertInvariants(v.policy());
        } else {
            assertThat(((PolicyResult.Invalid) result).errors()).allSatisfy(e ->
                    assertThat(e.reason()).isNotBlank().doesNotStartWith(PolicyParser.INTERNAL_ERROR));
        }
        return result;
    }

    private static void assertInvariants(Policy p) {
        assertThat(p.version()).matches("[0-9a-f]{12}");
        assertThat(p.gresResources()).containsKeys("gpu", "neuron");
        assertThat(p.partitions().stream().map(PartitionPolicy::name).toList()).doesNotHaveDuplicates();
        assertThat(p.partitions().stream().flatMap(x -> x.nodeSets().stream()).map(NodeSetPolicy::ref).toList())
                .doesNotHaveDuplicates();
        for (var part : p.partitions()) {
            assertThat(part.nodeSets()).isNotEmpty();
            for (var ns : part.nodeSets()) {
                assertThat(ns.minReplicas()).isBetween(0, ns.maxReplicas());
                assertThat(ns.headroomNodes()).isBetween(0, ns.maxReplicas());
                assertThat(ns.node().cpus()).isPositive();
                assertThat(ns.node().memoryMB()).isPositive();
                assertThat(ns.scaleUp().maxNodesPerCycle()).isPositive();
                assertThat(ns.scaleDown().maxNodesPerCycle()).isNotNegative();
                assertThat(ns.scaleDown().idleFor().isNegative()).isFalse();
                assertThat(ns.scaleDown().stabilizationWindow().isNegative()).isFalse();
                assertThat(ns.provisioningTimeout()).isPositive();
                if (ns.nodePool().mode() != NodePoolBinding.Mode.NONE) {
                    assertThat(ns.nodePool().name()).isNotEmpty();
                }
            }
        }
    }

    /** Either arbitrary characters or a soup of YAML punctuation and policy words. */
    static String yamlishText(Random r) {
        var sb = new StringBuilder();
        int n = r.nextInt(60);
        boolean raw = r.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            if (raw) {
                sb.append((char) r.nextInt(r.nextBoolean() ? 128 : 0xD7FF));
            } else {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    /** The issue's example or a small policy, with spans cut, tokens inserted, lines dropped, doubled or swapped. */
    static String mutatedPolicy(Random r) {
        String text = BASES.get(r.nextInt(BASES.size()));
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            text = mutate(text, r);
        }
        return text;
    }

    private static String mutate(String text, Random r) {
        String token = TOKENS[r.nextInt(TOKENS.length)];
        if (text.isEmpty()) {
            return token;
        }
        int i = r.nextInt(text.length());
        int j = r.nextInt(text.length());
        var lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int li = r.nextInt(lines.size());
        int lj = r.nextInt(lines.size());
        switch (r.nextInt(6)) {
            case 0:
                return text.substring(0, Math.min(i, j)) + text.substring(Math.max(i, j));
            case 1:
                return text.substring(0, i) + token + text.substring(i);
            case 2:
                return text.substring(0, i) + token + text.substring(i + 1);
            case 3:
                lines.remove(li);
                return String.join("\n", lines);
            case 4:
                lines.add(lj, lines.get(li));
                return String.join("\n", lines);
            default:
                String t = lines.get(li);
                lines.set(li, lines.get(lj));
                lines.set(lj, t);
                return String.join("\n", lines);
        }
    }
}

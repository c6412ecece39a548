package io.skaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever text arrives in the ConfigMap, the parser answers with a valid policy or errors: it never throws, and a
 * valid answer always satisfies the invariants the planner relies on.
 */
class PolicyParserProperties {

    @Property(tries = 500)
    void randomTextNeverThrows(@ForAll("yamlishText") String text) {
        check(text);
    }

    @Property(tries = 1000)
    void mutatedValidPoliciesNeverThrow(@ForAll("mutatedPolicies") String text) {
        var result = check(text);
        Statistics.label("outcome").collect(result.getClass().getSimpleName());
        // the invariants of a valid policy must really be exercised, not only the error path
        Statistics.label("outcome").coverage(c -> c.check("Valid").percentage(p -> p > 3));
    }

    @Property(tries = 300)
    void parsingIsDeterministic(@ForAll("mutatedPolicies") String text) {
        assertThat(PolicyParser.parse(text)).isEqualTo(PolicyParser.parse(text));
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
        var names = p.partitions().stream().map(PartitionPolicy::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        var refs = p.partitions().stream().flatMap(x -> x.nodeSets().stream()).map(NodeSetPolicy::ref).toList();
        assertThat(refs).doesNotHaveDuplicates();
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

    @Provide
    Arbitrary<String> yamlishText() {
        var pieces = Arbitraries.of(":", " ", "\n", "- ", "{", "}", "[", "]", "\"", "'", "#", "&a", "*a", "!!int", "---",
                "apiVersion", "kind", "partitions", "nodeSets", "name", "10m", "-1", "0", "1e99", "~", "null", "\t", "|",
                ">", "%", "@", "`", "\\u0000", "é", "🙂", "?", ",");
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                pieces.list().ofMaxSize(60).map(l -> String.join("", l)));
    }

    /** The issue's example and a small policy, with lines dropped, duplicated or swapped and characters changed. */
    @Provide
    Arbitrary<String> mutatedPolicies() {
        var bases = Arbitraries.of(PolicyFixtures.EXAMPLE, PolicyFixtures.policyWith("minReplicas: 1, headroomNodes: 1"));
        var mutation = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of("", " ", "\n", ":", "-", "{", "]", "0", "-5", "99999999999", "x", "  ", "null", "~",
                        "\"", "10h", "limits", "static", "gpu:h100: 8", "scaleUp: {}"))
                .as(Mutation::new);
        return Combinators.combine(bases, mutation.list().ofMinSize(1).ofMaxSize(4)).as((base, ms) -> {
            String text = base;
            for (Mutation m : ms) {
                text = m.apply(text);
            }
            return text;
        });
    }

    private record Mutation(int kind, int a, int b, String token) {
        String apply(String text) {
            if (text.isEmpty()) {
                return token;
            }
            int i = a % text.length();
            int j = b % text.length();
            var lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int li = a % lines.size();
            int lj = b % lines.size();
            return switch (kind) {
                case 0 -> text.substring(0, Math.min(i, j)) + text.substring(Math.max(i, j));  // cut a span
                case 1 -> text.substring(0, i) + token + text.substring(i);                       // insert
                case 2 -> text.substring(0, i) + token + text.substring(Math.min(text.length(), i + 1)); // replace one
                case 3 -> {                                                                        // drop a line
                    lines.remove(li);
                    yield String.join("\n", lines);
                }
                case 4 -> {                                                                        // duplicate a line
                    lines.add(lj, lines.get(li));
                    yield String.join("\n", lines);
                }
                default -> {                                                                       // swap two lines
                    String t = lines.get(li);
                    lines.set(li, lines.get(lj));
                    lines.set(lj, t);
                    yield String.join("\n", lines);
                }
            };
        }
    }
}

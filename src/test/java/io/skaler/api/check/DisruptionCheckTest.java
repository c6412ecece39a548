package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** karpenter statenode.go: do-not-disrupt on the Node, or a nodes "0" budget, blocks removing empty nodes. */
class DisruptionCheckTest {
    static String pool(String disruption, String template) {
        return "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p5}\nspec:\n  disruption: " + disruption
                + "\n  template: " + template + "\n";
    }

    static final String PLAIN = "{spec: {}}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("WhenEmpty", kube(pool("{consolidationPolicy: WhenEmpty}", PLAIN)),
                        List.of(CheckStatus.PASS), ""),
                Arguments.of("default consolidation", kube(pool("{}", PLAIN)), List.of(CheckStatus.WARN),
                        "WhenEmptyOrUnderutilized (the default)"),
                Arguments.of("do-not-disrupt in the template", kube(pool("{consolidationPolicy: WhenEmpty}",
                        "{metadata: {annotations: {karpenter.sh/do-not-disrupt: \"true\"}}, spec: {}}")),
                        List.of(CheckStatus.WARN), "never removes them"),
                Arguments.of("budget nodes 0", kube(pool("{consolidationPolicy: WhenEmpty, budgets: [{nodes: \"0\"}]}",
                        PLAIN)), List.of(CheckStatus.WARN), "budget nodes: \"0\""),
                Arguments.of("budget nodes 0 on a schedule", kube(pool("{consolidationPolicy: WhenEmpty, budgets:"
                        + " [{nodes: \"0\", schedule: \"0 9 * * 1-5\", duration: 8h}]}", PLAIN)),
                        List.of(CheckStatus.PASS), ""),
                Arguments.of("do-not-disrupt on a Node", kube(pool("{consolidationPolicy: WhenEmpty}", PLAIN),
                        "apiVersion: v1\nkind: Node\nmetadata: {name: ip-1, annotations: {karpenter.sh/do-not-disrupt:"
                                + " \"true\"}}\n"), List.of(CheckStatus.PASS, CheckStatus.WARN), "ip-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void warnsWhereEmptyNodesWouldStay(String name, CheckInput in, List<CheckStatus> expected, String detail) {
        var r = new DisruptionCheck().run(in);
        assertThat(r).extracting(CheckResult::status).containsExactlyElementsOf(expected);
        assertThat(r.get(r.size() - 1).detail()).contains(detail);
    }
}

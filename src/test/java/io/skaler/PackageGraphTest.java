package io.skaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole package graph of the service, as docs/architecture.md draws it: data flows one way (sources, snapshot,
 * planner, plan, executor) and nothing calls back up. A package may use only the packages listed for it here; a new
 * package fails this test until it is given its place.
 */
class PackageGraphTest {
    private static final Path ROOT = Path.of(System.getProperty("skaler.projectDir", "."));
    private static final Path MAIN = ROOT.resolve("src/main/java/io/skaler");

    /** Who may use whom. Keep in step with the graph in docs/architecture.md. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "policy", Set.of("model"),
            "planner", Set.of("model", "policy"),
            "metrics", Set.of("model"),
            "slurm", Set.of("model", "metrics"),
            "kube", Set.of("model", "policy", "metrics"),
            "loop", Set.of("model", "policy", "planner", "metrics", "slurm", "kube"),
            "sandbox", Set.of("model", "policy", "planner", "metrics", "slurm", "kube", "loop"),
            "api", Set.of("model", "policy", "planner", "metrics", "slurm", "kube", "loop", "sandbox"));

    private static final Pattern USE = Pattern.compile("\\bio\\.skaler\\.(\\w+)\\b");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
    /** A comment, a string or a char literal, whichever starts first. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)'");
    private static final Pattern SANDBOX_FILE = Pattern.compile("api/Sandbox\\w*\\.java");
    private static final Pattern SANDBOX_USE = Pattern.compile("\\bio\\.skaler\\.sandbox\\b|\\bSandbox[A-Z]\\w*");

    @Test
    void everyPackageUsesOnlyWhatItMay() throws IOException {
        Map<String, Set<String>> actual = graph();
        assertThat(actual.keySet()).as("packages under src/main/java/io/skaler, each must have a place in ALLOWED")
                .isSubsetOf(ALLOWED.keySet());
        List<String> offending = new ArrayList<>();
        actual.forEach((from, tos) -> tos.stream().filter(to -> !ALLOWED.get(from).contains(to))
                .forEach(to -> offending.add(from + " -> " + to)));
        assertThat(offending).as("uses outside the allowed graph").isEmpty();
    }

    @Test
    void theAllowedGraphHasNoCycle() {
        for (String start : ALLOWED.keySet()) {
            assertThat(reachable(start)).as("packages reachable from " + start).doesNotContain(start);
        }
    }

    @Test
    void onlyApiUsesTheSandbox() {
        ALLOWED.forEach((from, tos) -> {
            if (!from.equals("api")) {
                assertThat(tos).as(from).doesNotContain("sandbox");
            }
        });
    }

    /**
     * The service image is built without {@code sandbox/} and {@code api/Sandbox*.java} (pom.xml's service-image
     * profile excludes exactly those); any other file that used them would break that build, so this says so first.
     */
    @Test
    void onlyTheSandboxFilesOfApiUseTheSandbox() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String relative = MAIN.relativize(f).toString().replace('\\', '/');
                if (!relative.startsWith("sandbox/") && !SANDBOX_FILE.matcher(relative).matches()
                        && usesTheSandbox(Files.readString(f))) {
                    offending.add(relative);
                }
            }
        }
        assertThat(offending).as("files the service image holds that use the sandbox").isEmpty();
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(pom).as("pom.xml's service-image profile leaves out what this test calls the sandbox")
                .contains("<exclude>io/skaler/sandbox/**</exclude>", "<exclude>io/skaler/api/Sandbox*.java</exclude>");
    }

    @Test
    void theSandboxCheckSeesCodeButNotCommentsOrNames() {
        assertThat(usesTheSandbox("class A { io.skaler.sandbox.Scenario s; }")).isTrue();
        assertThat(usesTheSandbox("class A { Object c = SandboxCommand.class; }")).isTrue();
        assertThat(usesTheSandbox("class A { String u = \"http://x\"; char q = '\"'; Object c = SandboxRun.class; }"))
                .as("after a string holding // and a quote char").isTrue();
        assertThat(usesTheSandbox("/** {@link SandboxCommand} */ class A { String n = "
                + "\"// io.skaler.api.SandboxCommand\"; }"))
                .as("a comment, or a class looked up by name").isFalse();
    }

    @Test
    void theCheckSeesUsesInCodeButNotInComments() {
        assertThat(uses("import io.skaler.kube.KubeView;\nclass A { io.skaler.loop.Trigger t; }", "slurm"))
                .containsExactly("kube", "loop");
        assertThat(uses("/** see {@code io.skaler.kube.X} */ class A {} // io.skaler.api.Y", "slurm")).isEmpty();
        assertThat(uses("import io.skaler.slurm.Foo;", "slurm")).as("its own package").isEmpty();
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(ALLOWED.get(from));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(ALLOWED.get(next));
            }
        }
        return seen;
    }

    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String pkg = dir.getFileName().toString();
                Set<String> uses = new TreeSet<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        uses.addAll(uses(Files.readString(f), pkg));
                    }
                }
                graph.put(pkg, uses);
            }
        }
        assertThat(graph).as("packages found").hasSizeGreaterThanOrEqualTo(9);
        return graph;
    }

    /** Uses {@code io.skaler.sandbox} or an {@code api/Sandbox*} class in code (not in comments or strings). */
    static boolean usesTheSandbox(String source) {
        String code = NOT_CODE.matcher(source).replaceAll(" ");
        return SANDBOX_USE.matcher(code).find();
    }

    static Set<String> uses(String source, String ownPackage) {
        Set<String> uses = new TreeSet<>();
        Matcher m = USE.matcher(COMMENT.matcher(source).replaceAll(" "));
        while (m.find()) {
            if (!m.group(1).equals(ownPackage)) {
                uses.add(m.group(1));
            }
        }
        return uses;
    }
}

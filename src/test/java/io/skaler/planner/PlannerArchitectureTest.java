package io.skaler.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The planner stays pure: it imports only the model, the policy and the JDK (no Quarkus, fabric8, logging, I/O). */
class PlannerArchitectureTest {
    private static final Path SOURCES = Path.of(System.getProperty("skaler.projectDir", "."))
            .resolve("src/main/java/io/skaler/planner");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.skaler\\.(?!model\\b|policy\\b|planner\\b)\\w+"
            + "|io\\.quarkus|io\\.fabric8|org\\.jboss|org\\.slf4j|java\\.io|java\\.nio|java\\.net|java\\.util\\.logging"
            + "|java\\.util\\.Random\\b|java\\.time\\.Clock\\b)");

    @Test
    void importsOnlyModelPolicyAndJava() throws IOException {
        List<String> offending = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(2);
                boolean allowed = name.startsWith("io.skaler.model.") || name.startsWith("io.skaler.policy.")
                        || (name.startsWith("java.") && !name.startsWith("java.io.") && !name.startsWith("java.nio.")
                        && !name.startsWith("java.net.") && !name.startsWith("java.util.logging.")
                        && !name.equals("java.util.Random") && !name.equals("java.time.Clock"));
                if (!allowed) {
                    offending.add(file.getFileName() + ": import " + name);
                }
            }
            Matcher q = QUALIFIED.matcher(text.replaceAll("(?m)^import .*$", ""));
            while (q.find()) {
                offending.add(file.getFileName() + ": uses " + q.group());
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theCheckItselfCatchesAForbiddenImport() {
        Matcher m = IMPORT.matcher("import io.fabric8.kubernetes.client.KubernetesClient;");
        assertThat(m.find()).isTrue();
        assertThat(QUALIFIED.matcher("io.skaler.kube.Executor x;").find()).isTrue();
        assertThat(QUALIFIED.matcher("io.skaler.model.Plan x;").find()).isFalse();
    }
}

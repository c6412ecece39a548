package io.skaler.docs;

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

/**
 * Every relative link of the project's pages (README.md, docs/*.md, charts/**&#47;README.md, deploy/**&#47;README.md)
 * leads to a file or folder that exists, and a link to a section of a Markdown page to a heading it has: a reader
 * following the install path never lands on a page that is not there (issue 18: docs/sandbox.md was linked before it
 * existed).
 */
class DocLinksTest {
    /** [text](target) and [text](target "title"); images too. Code spans are removed first. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE = Pattern.compile("```.*?```|`[^`\\n]*`", Pattern.DOTALL);
    private static final Pattern FENCED = Pattern.compile("```.*?```", Pattern.DOTALL);

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = Path.of(System.getProperty("skaler.projectDir", "."));
        List<String> broken = new ArrayList<>();
        for (Path page : pages(root)) {
            String text = CODE.matcher(Files.readString(page)).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#") && target.length() == 1) {
                    continue; // http:, https:, mailto:
                }
                String[] fileAndAnchor = target.split("#", 2);
                Path file = fileAndAnchor[0].isEmpty() ? page : page.getParent().resolve(fileAndAnchor[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (fileAndAnchor.length == 2 && file.toString().endsWith(".md")
                        && !anchors(Files.readString(file)).contains(fileAndAnchor[1])) {
                    broken.add(root.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theCheckCatchesALinkToAMissingPage() throws IOException {
        // the test above must be able to fail: the pattern finds links and a missing file is missing
        Matcher m = LINK.matcher("see [the sandbox](sandbox-missing.md) and [x](https://example.com)");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("sandbox-missing.md");
        assertThat(anchors("## Helm, Argo CD and Flux against skaler\n")).contains(
                "helm-argo-cd-and-flux-against-skaler");
    }

    static List<Path> pages(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        for (String dir : List.of("charts", "deploy")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(p -> p.getFileName().toString().equals("README.md")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'. */
    static List<String> anchors(String markdown) {
        List<String> out = new ArrayList<>();
        for (String line : FENCED.matcher(markdown).replaceAll("").split("\n")) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase();
                out.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }
}

package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart under test, rendered with the helm embedded in helm-java (no binary, no network). */
final class Chart {
    static final String RELEASE = "skaler";
    static final String NAMESPACE = "skaler";
    /** The chart declares kubeVersion >=1.27; helm template otherwise assumes an old default. */
    static final String KUBE_VERSION = "v1.31.0";
    static final YAMLMapper YAML = new YAMLMapper();

    private Chart() {
    }

    static Path projectDir() {
        return Path.of(System.getProperty("skaler.projectDir", ".")).toAbsolutePath();
    }

    static Path dir() {
        return projectDir().resolve("charts/skaler");
    }

    static Path fullValues() {
        return dir().resolve("ci/full-values.yaml");
    }

    /** Renders with optional values file and --set pairs; helm's error (schema, required) surfaces as an exception. */
    static Rendered template(Optional<Path> valuesFile, Map<String, String> sets) {
        TemplateCommand cmd = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFile.ifPresent(cmd::withValuesFile);
        sets.forEach(cmd::set);
        return new Rendered(parse(cmd.call()));
    }

    static Rendered defaults() {
        return template(Optional.empty(), Map.of());
    }

    static Rendered full() {
        return template(Optional.of(fullValues()), Map.of());
    }

    static List<JsonNode> parse(String multiDocYaml) {
        try (var parser = new YAMLFactory().createParser(multiDocYaml)) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && doc.size() > 0) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered chart is not YAML", e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** values.yaml overlaid with {@code overlay}, as helm merges them (maps deep, everything else replaced). */
    static JsonNode merge(JsonNode base, JsonNode overlay) {
        ObjectNode out = base.deepCopy();
        overlay.properties().forEach(e -> {
            JsonNode mine = out.get(e.getKey());
            out.set(e.getKey(), mine != null && mine.isObject() && e.getValue().isObject()
                    ? merge(mine, e.getValue()) : e.getValue());
        });
        return out;
    }

    /** The objects of one rendering. */
    record Rendered(List<JsonNode> docs) {
        List<JsonNode> ofKind(String kind) {
            return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> all = ofKind(kind);
            if (all.size() != 1) {
                throw new AssertionError("expected one " + kind + ", found " + all.size());
            }
            return all.get(0);
        }

        JsonNode named(String kind, String name) {
            return ofKind(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
        }
    }
}

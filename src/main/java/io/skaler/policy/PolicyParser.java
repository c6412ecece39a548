package io.skaler.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Turns the text of {@code policy.yaml} into a {@link PolicyResult}: a valid {@link Policy} with its defaults applied,
 * or every error found, each naming the field path and the reason. Nothing is thrown: a bad policy is a result the
 * caller reports, while it keeps running on the last good one.
 *
 * <p>The YAML is read into a tree and walked by hand rather than bound to classes: binding stops at the first unknown
 * key, and operators fixing a ConfigMap deserve every problem at once.
 */
public final class PolicyParser {
    /** A ConfigMap holds at most 1 MiB; anything larger is not a policy. */
    public static final int MAX_CHARS = 1 << 20;

    static final String INTERNAL_ERROR = "internal error while reading the policy: ";

    private static final ObjectMapper YAML = yamlMapper();

    private PolicyParser() {
    }

    public static PolicyResult parse(String text) {
        if (text == null) {
            return invalid("", "no policy text");
        }
        if (text.length() > MAX_CHARS) {
            return invalid("", "policy is " + text.length() + " characters, more than the " + MAX_CHARS + " allowed");
        }
        JsonNode root;
        try {
            var alias = firstAlias(text);
            if (alias.isPresent()) {
                return invalid("", alias.get());
            }
        } catch (JsonProcessingException e) {
            return invalid("", syntaxError(e));
        } catch (IOException | RuntimeException e) {
            return invalid("", "unreadable YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
        try (JsonParser parser = YAML.createParser(text)) {
            root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                return invalid("", "more than one YAML document: a policy is exactly one document");
            }
        } catch (JsonProcessingException e) {
            return invalid("", syntaxError(e));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML signals some limits (aliases, nesting) with its own unchecked exceptions
            return invalid("", "unreadable YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
        var reader = new PolicyReader();
        var errors = reader.errors();
        Optional<Policy> policy;
        try {
            policy = reader.read(new Field(root, "", errors), version(text));
        } catch (RuntimeException e) {
            // a bug in the reader must still not take the caller down; the property tests look for this reason
            return invalid("", INTERNAL_ERROR + e);
        }
        if (policy.isPresent() && errors.isEmpty()) {
            return new PolicyResult.Valid(policy.get());
        }
        if (errors.isEmpty()) {
            return invalid("", "policy could not be read");
        }
        return new PolicyResult.Invalid(errors);
    }

    /** The first 12 hex digits of the SHA-256 of the text: enough to tell policy versions apart in status and logs. */
    public static String version(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The tree reader does not resolve YAML aliases ({@code *name}); it would hand over the anchor's name as a string
     * and the operator would see a confusing type error, so an alias is refused up front, by name and line.
     */
    private static Optional<String> firstAlias(String text) throws IOException {
        try (var parser = (YAMLParser) YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    return Optional.of("YAML alias *" + parser.getText() + " at line "
                            + parser.currentTokenLocation().getLineNr()
                            + ": anchors and aliases are not supported in a policy; write the value out");
                }
            }
        }
        return Optional.empty();
    }

    private static PolicyResult invalid(String path, String reason) {
        return new PolicyResult.Invalid(List.of(new PolicyError(path, reason)));
    }

    private static String syntaxError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getOriginalMessage());
        return "YAML syntax error" + where + ": " + what;
    }

    private static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }

    private static ObjectMapper yamlMapper() {
        var loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(20);   // belt and braces: aliases are refused before the tree is read
        loader.setNestingDepthLimit(30);
        loader.setCodePointLimit(MAX_CHARS * 2);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(loader)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(30).build())
                .build();
        return new ObjectMapper(factory);
    }
}

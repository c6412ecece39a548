package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the envelope every slurmrestd answer shares ({@code meta}, {@code errors[]}, {@code warnings[]},
 * {@code last_update}) and hands each element of the payload array ({@code jobs}, {@code nodes}, {@code partitions})
 * to an {@link ItemReader}, in one streaming pass. A non-empty {@code errors[]} makes the whole answer an error.
 */
final class AnswerReader {
    /** Reads one payload element; called with the reader on its {@code START_OBJECT}, must consume it. */
    interface ItemReader {
        void read(SlurmJsonReader r, int index) throws IOException, BadAnswerException;
    }

    private final JsonFactory factory;

    AnswerReader(ParseLimits limits) {
        this.factory = SlurmJsonReader.factory(limits);
    }

    AnswerMeta read(byte[] body, String itemsKey, ItemReader items) throws BadAnswerException {
        try (SlurmJsonReader r = SlurmJsonReader.open(factory, body)) {
            return readGuarded(r, itemsKey, items);
        } catch (BadAnswerException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw SlurmJsonReader.translate(e, "/"); // e.g. the document length check, made before any token
        } catch (IOException e) {
            // a byte array cannot fail to be read: any other IOException is Jackson's, about the content
            throw new BadAnswerException("/", "unreadable body: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IOException         only when reading {@code in} itself fails (transport), never for bad content
     * @throws BadAnswerException  for every problem with the content
     */
    AnswerMeta read(InputStream in, String itemsKey, ItemReader items) throws IOException, BadAnswerException {
        try (SlurmJsonReader r = SlurmJsonReader.open(factory, in)) {
            return readGuarded(r, itemsKey, items);
        }
    }

    private static AnswerMeta readGuarded(SlurmJsonReader r, String itemsKey, ItemReader items)
            throws IOException, BadAnswerException {
        try {
            return readBody(r, itemsKey, items);
        } catch (JsonProcessingException e) {
            throw r.translate(e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // a model record refused the values (e.g. max_nodes < node_count): the answer is inconsistent
            throw new BadAnswerException(r.pointer(), e.getMessage(), e);
        }
    }

    private static AnswerMeta readBody(SlurmJsonReader r, String itemsKey, ItemReader items)
            throws IOException, BadAnswerException {
        JsonToken first = r.next();
        if (first == null) {
            throw new BadAnswerException("/", "empty body");
        }
        r.expect(JsonToken.START_OBJECT, "a JSON object at the top");
        var meta = new MetaBuilder();
        List<String> errors = new ArrayList<>();
        boolean sawItems = false;
        while (r.next() == JsonToken.FIELD_NAME) {
            String field = r.name();
            r.next();
            if (field.equals(itemsKey)) {
                if (r.token() == JsonToken.VALUE_NULL) {
                    continue;
                }
                r.expect(JsonToken.START_ARRAY, "an array");
                sawItems = true;
                int i = 0;
                while (r.next() != JsonToken.END_ARRAY) {
                    r.expect(JsonToken.START_OBJECT, "an object");
                    items.read(r, i++);
                }
                continue;
            }
            switch (field) {
                case "meta" -> readMeta(r, meta);
                case "errors" -> readMessages(r, errors);
                case "warnings" -> readMessages(r, meta.warnings);
                case "last_update" -> meta.lastUpdate = r.quantity(0);
                default -> r.skip();
            }
        }
        if (r.next() != null) {
            throw new BadAnswerException("/", "unexpected data after the JSON object");
        }
        if (!errors.isEmpty()) {
            throw BadAnswerException.slurmErrors(errors);
        }
        if (!sawItems) {
            throw new BadAnswerException("/" + itemsKey, "missing: the answer has no " + itemsKey + " array");
        }
        return new AnswerMeta(meta.dataParser, meta.release, meta.cluster, meta.lastUpdate, meta.warnings);
    }

    private static void readMeta(SlurmJsonReader r, MetaBuilder meta) throws IOException, BadAnswerException {
        if (r.token() == JsonToken.VALUE_NULL) {
            return;
        }
        r.expect(JsonToken.START_OBJECT, "an object");
        while (r.next() == JsonToken.FIELD_NAME) {
            String field = r.name();
            r.next();
            if (field.equals("plugin") && r.token() == JsonToken.START_OBJECT) {
                while (r.next() == JsonToken.FIELD_NAME) {
                    String f = r.name();
                    r.next();
                    if (f.equals("data_parser")) {
                        meta.dataParser = r.string();
                    } else {
                        r.skip();
                    }
                }
            } else if (field.equals("slurm") && r.token() == JsonToken.START_OBJECT) {
                while (r.next() == JsonToken.FIELD_NAME) {
                    String f = r.name();
                    r.next();
                    switch (f) {
                        case "release" -> meta.release = r.string();
                        case "cluster" -> meta.cluster = r.string();
                        default -> r.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
    }

    /** {@code errors[]} / {@code warnings[]}: objects {error, error_number, description, source}, kept as one text each. */
    private static void readMessages(SlurmJsonReader r, List<String> out) throws IOException, BadAnswerException {
        if (r.token() == JsonToken.VALUE_NULL) {
            return;
        }
        r.expect(JsonToken.START_ARRAY, "an array");
        while (r.next() != JsonToken.END_ARRAY) {
            if (r.token() == JsonToken.VALUE_STRING) {
                out.add(r.string());
                continue;
            }
            r.expect(JsonToken.START_OBJECT, "an object");
            String error = "";
            String description = "";
            String source = "";
            long number = 0;
            while (r.next() == JsonToken.FIELD_NAME) {
                String f = r.name();
                r.next();
                switch (f) {
                    case "error" -> error = r.string();
                    case "description" -> description = r.string();
                    case "source" -> source = r.string();
                    case "error_number" -> number = r.quantity(0);
                    default -> r.skip();
                }
            }
            out.add(messageText(error, number, description, source));
        }
    }

    static String messageText(String error, long number, String description, String source) {
        var sb = new StringBuilder();
        sb.append(error.isEmpty() ? description : error);
        if (!error.isEmpty() && !description.isEmpty() && !description.equals(error)) {
            sb.append(": ").append(description);
        }
        if (number != 0) {
            sb.append(" (error ").append(number).append(')');
        }
        if (!source.isEmpty()) {
            sb.append(" [").append(source).append(']');
        }
        return sb.length() == 0 ? "(no text)" : sb.toString();
    }

    private static final class MetaBuilder {
        String dataParser = "";
        String release = "";
        String cluster = "";
        long lastUpdate;
        final List<String> warnings = new ArrayList<>();
    }
}

package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A look at the start of a {@code GET jobs} answer, enough to tell "no job changed" from "here is the full list"
 * without reading the list: whether {@code jobs} is empty, the {@code last_update} if it came before the list, and
 * whether slurmctld said "No job changes since update_time". Stops at the first job record.
 */
record JobsHead(Jobs jobs, OptionalLong lastUpdate, boolean noChangeWarning) {

    enum Jobs { EMPTY, NOT_EMPTY, NOT_SEEN }

    private static final JsonFactory JSON = new JsonFactory();

    /** Reads from {@code in} until the first job record or the end of the answer; {@code in} may end early. */
    static JobsHead probe(InputStream in) throws IOException {
        Jobs jobs = Jobs.NOT_SEEN;
        OptionalLong lastUpdate = OptionalLong.empty();
        boolean noChange = false;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new JobsHead(jobs, lastUpdate, false);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "jobs" -> {
                        if (value != JsonToken.START_ARRAY) {
                            p.skipChildren();
                        } else if (p.nextToken() == JsonToken.END_ARRAY) {
                            jobs = Jobs.EMPTY;
                        } else {
                            return new JobsHead(Jobs.NOT_EMPTY, lastUpdate, noChange);
                        }
                    }
                    case "last_update" -> lastUpdate = LastUpdate.read(p);
                    case "warnings" -> noChange |= hasNoChangeWarning(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new JobsHead(jobs, lastUpdate, noChange);
    }

    private static boolean hasNoChangeWarning(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        boolean found = false;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("description".equals(field) && v == JsonToken.VALUE_STRING
                        && p.getText().startsWith("No job changes since")) {
                    found = true;
                } else {
                    p.skipChildren();
                }
            }
        }
        return found;
    }
}

package io.skaler.api;

/**
 * An input file of an offline command is unusable. Printed as one line, {@code FILE: FIELD: REASON} (the field is
 * left out when the whole file is at fault), and the command exits with status 2.
 */
public final class BadInputException extends Exception {
    private final String file;
    private final String field;
    private final String reason;

    public BadInputException(String file, String field, String reason) {
        super(file + (field.isEmpty() ? "" : ": " + field) + ": " + reason, null, false, false);
        this.file = file;
        this.field = field;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The message on one line, whatever a library put into the reason. */
    public String line() {
        return getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}

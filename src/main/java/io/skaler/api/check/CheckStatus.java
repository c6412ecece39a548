package io.skaler.api.check;

/** How one line of the checklist came out. {@code SKIP}: the input it needs was not given, so it was not checked. */
public enum CheckStatus {
    PASS, WARN, FAIL, SKIP;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.skaler.api.check;

/**
 * One line of the checklist.
 *
 * @param check  the check's name ({@code operator-slurm-client})
 * @param detail what was found, naming the object
 * @param fix    what to do about it; empty for a pass
 */
public record CheckResult(String check, CheckStatus status, String detail, String fix) {
    public static CheckResult pass(String check, String detail) {
        return new CheckResult(check, CheckStatus.PASS, detail, "");
    }

    public static CheckResult warn(String check, String detail, String fix) {
        return new CheckResult(check, CheckStatus.WARN, detail, fix);
    }

    public static CheckResult fail(String check, String detail, String fix) {
        return new CheckResult(check, CheckStatus.FAIL, detail, fix);
    }

    public static CheckResult skip(String check, String detail, String fix) {
        return new CheckResult(check, CheckStatus.SKIP, detail, fix);
    }
}

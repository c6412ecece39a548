package io.skaler.api.check;

import java.util.List;

/** One item of {@code skaler check}: a pure function of the input, one or more lines (e.g. one per NodeSet). */
public interface Check {
    String name();

    List<CheckResult> run(CheckInput in);
}

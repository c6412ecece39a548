package io.skaler.api;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code skaler sandbox} in the service image, which is built without the sandbox and its mock Kubernetes API
 * (docs/architecture.md, "What the service image carries"). Whatever follows the word, the answer is the same line and
 * exit status 2, so an option of the real command is never misread as a typo here.
 */
@Command(name = "sandbox",
        description = {"Not in this build: the service image leaves the sandbox out; run it from the source tree."})
final class MissingSandboxCommand implements Callable<Integer> {
    static final String LINE = "sandbox: the sandbox is not part of the service image; run it from the source tree: "
            + "./mvnw -B package -DskipTests && bin/skaler sandbox";

    @Unmatched
    List<String> ignored;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(LINE);
        spec.commandLine().getErr().flush();
        return SkalerCommand.BAD_INPUT;
    }
}

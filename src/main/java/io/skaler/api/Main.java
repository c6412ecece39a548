package io.skaler.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import java.util.Set;

/**
 * One jar, two uses: {@code skaler plan ...} (and the other offline commands) run through picocli without booting the
 * service — no Kubernetes client, no HTTP port, no scheduler — while any other invocation starts the Quarkus service.
 */
@QuarkusMain
public final class Main {
    /** First arguments that select an offline command (or the command line's own help). */
    static final Set<String> COMMANDS = Set.of("plan", "help", "--help", "-h", "--version", "-V");

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            var out = new PrintWriter(System.out, true);
            var err = new PrintWriter(System.err, true);
            int status = SkalerCommand.commandLine(out, err).execute(args);
            out.flush();
            err.flush();
            System.exit(status);
        }
        Quarkus.run(args);
    }
}

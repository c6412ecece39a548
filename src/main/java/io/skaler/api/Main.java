package io.skaler.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One jar, two uses: {@code skaler plan ...} (and the other offline commands) run through picocli without booting the
 * service — no Kubernetes client, no HTTP port, no scheduler — while any other invocation starts the Quarkus service.
 */
@QuarkusMain
public final class Main {
    /** First arguments that select an offline command (or the command line's own help and version). */
    static final Set<String> OFFLINE = Set.of("plan", "sandbox", "help", "--help", "-h", "--version", "-V");

    private Main() {
    }

    public static void main(String... args) {
        if (isOfflineCommand(args)) {
            System.exit(runOffline(args, System.out, System.err));
        }
        Quarkus.run(args);
    }

    static boolean isOfflineCommand(String[] args) {
        return args.length > 0 && OFFLINE.contains(args[0]);
    }

    /** Runs an offline command to completion and gives its exit status. */
    static int runOffline(String[] args, PrintStream stdout, PrintStream stderr) {
        var out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        var err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        int status = SkalerCommand.commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return status;
    }
}

package io.skaler.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * One jar, two uses: bare {@code skaler} (or {@code skaler serve}) starts the Quarkus service; everything else goes to
 * the picocli command line without booting the service (no Kubernetes client, no HTTP port, no scheduler), where an
 * unknown command or option is refused with one line and exit 2. A typo never starts an autoscaler.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (startsService(args)) {
            Quarkus.run();
            return;
        }
        System.exit(runOffline(args, System.out, System.err));
    }

    /** Only {@code skaler} and {@code skaler serve}, nothing more, start the service. */
    static boolean startsService(String[] args) {
        return args.length == 0 || (args.length == 1 && args[0].equals("serve"));
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

package io.skaler.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the bundled scenario under the KEDA model from the command line (the skaler side is wired by the
 * {@code sandbox} command, which plugs the real loop in as a {@link SandboxAutoscaler}):
 * {@code java -cp ... io.skaler.sandbox.SandboxMain [--summary-json FILE] [--html FILE]}.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> json = Optional.empty();
        Optional<Path> html = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--summary-json" -> json = Optional.of(Path.of(value(args, ++i, "--summary-json")));
                case "--html" -> html = Optional.of(Path.of(value(args, ++i, "--html")));
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --summary-json FILE, --html FILE");
                    System.exit(2);
                }
            }
        }
        var d = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(d.speed(), d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), json, html);
        var summary = new SandboxRunner(Scenario.loadDefault(), options, System.out).runKeda(KedaSettings.documented());
        System.out.println(summary);
        System.exit(0); // the mock API server's threads are not daemons
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}

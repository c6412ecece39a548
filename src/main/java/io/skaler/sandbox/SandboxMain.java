package io.skaler.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the bundled scenario under the KEDA model from the command line (the skaler side is wired by the
 * {@code sandbox} command, which plugs the real loop in as a {@link SandboxAutoscaler}):
 * {@code java -cp ... io.skaler.sandbox.SandboxMain [--summary-json FILE] [--html FILE] [--threshold N]}
 * ({@code --threshold} is the trigger's; the documented 5, or 1 as the Slinky doc advises for multi-node jobs).
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> json = Optional.empty();
        Optional<Path> html = Optional.empty();
        var keda = KedaSettings.documented();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--summary-json" -> json = Optional.of(Path.of(value(args, ++i, "--summary-json")));
                case "--html" -> html = Optional.of(Path.of(value(args, ++i, "--html")));
                case "--threshold" -> {
                    var k = keda;
                    keda = new KedaSettings(k.scrapeInterval(), k.pollingInterval(), k.hpaSyncPeriod(), k.cooldown(),
                            k.scaleDownStabilization(), Integer.parseInt(value(args, ++i, "--threshold")),
                            k.minReplicas(), k.scrapePhase(), k.pollPhase(), k.hpaPhase());
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --summary-json FILE, --html FILE, --threshold N");
                    System.exit(2);
                }
            }
        }
        var d = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(d.speed(), d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), json, html);
        var summary = new SandboxRunner(Scenario.loadDefault(), options, System.out).runKeda(keda);
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

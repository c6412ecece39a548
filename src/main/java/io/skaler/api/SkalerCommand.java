package io.skaler.api;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code skaler} command line: offline sub-commands that run without starting the service. Every failure ends
 * as one line on stderr and an exit status (2 bad input or usage, 1 internal error), never a stack trace.
 */
@Command(name = "skaler",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        versionProvider = SkalerCommand.Version.class,
        description = {"Autoscaler for Slurm on Kubernetes (Slinky NodeSets, Karpenter NodePools).",
            "Without arguments (or with `serve`) it starts the service; anything else is a command below."},
        subcommands = {ServeCommand.class, PlanCommand.class, CheckCommand.class})
public final class SkalerCommand implements Runnable {
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 1;
    /**
     * Found by name, never imported: the service image is built without it (pom.xml's service-image profile), and
     * there {@code skaler sandbox} is {@link MissingSandboxCommand}.
     */
    static final String SANDBOX_COMMAND = "io.skaler.api.SandboxCommand";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with skaler's error handling, writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SANDBOX_COMMAND);
    }

    /** The same, with the sandbox command looked up under {@code sandboxClass}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String sandboxClass) {
        var cl = new CommandLine(new SkalerCommand());
        cl.addSubcommand(sandboxCommand(sandboxClass));
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            var sub = ex.getCommandLine();
            sub.getErr().println(sub.getCommandName() + ": " + describe(ex) + " (see " + qualifiedName(sub) + " --help)");
            sub.getErr().flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, sub, parseResult) -> {
            if (ex instanceof BadInputException bad) {
                sub.getErr().println(bad.line());
                sub.getErr().flush();
                return BAD_INPUT;
            }
            sub.getErr().println(sub.getCommandName() + ": internal error: " + oneLine(String.valueOf(ex)));
            sub.getErr().flush();
            return INTERNAL_ERROR;
        });
        return cl;
    }

    /** The sandbox command when this build has it, else the one that says it was left out. */
    static Object sandboxCommand(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, SkalerCommand.class.getClassLoader());
        } catch (ClassNotFoundException absent) {
            return new MissingSandboxCommand();
        }
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }

    /** The parse error in one line; a mistyped command or option comes with the closest known word. */
    static String describe(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return oneLine(ex.getMessage());
        }
        var spec = ex.getCommandLine().getCommandSpec();
        String typed = unmatched.getUnmatched().get(0);
        if (typed.startsWith("-")) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            var options = spec.options().stream().flatMap(o -> java.util.Arrays.stream(o.names())).toList();
            return "unknown option '" + name + "'" + didYouMean(name, options);
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command '" + typed + "'" + didYouMean(typed, spec.subcommands().keySet());
        }
        return "unexpected argument '" + typed + "'";
    }

    private static String didYouMean(String typed, java.util.Collection<String> known) {
        return Suggestion.closest(typed, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getParent() == null ? cl.getCommandName() : qualifiedName(cl.getParent()) + " " + cl.getCommandName();
    }

    /** The version from the jar's manifest when packaged, else "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SkalerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"skaler " + (v == null ? "development" : v)};
        }
    }
}

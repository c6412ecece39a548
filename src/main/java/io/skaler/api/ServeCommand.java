package io.skaler.api;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code skaler serve}: start the autoscaler service (what bare {@code skaler} does). {@link Main} starts the service
 * before picocli sees {@code serve}; this entry exists so that help lists it, {@code serve --anything} is refused
 * like any unknown option, and a mistyped {@code serv} is told the right word.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        description = {"Start the skaler service (the same as skaler without arguments). It takes no options:",
            "configuration comes from the environment and application properties (see docs/operations.md)."})
public final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        // reached only when picocli is run without Main (tests): the service is never started from here
        throw new IllegalStateException("serve is started by Main, not by the offline command line");
    }
}

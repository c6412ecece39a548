package io.skaler.kube;

import io.quarkus.logging.LoggingFilter;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * fabric8's informers ({@code Reflector}) and leader elector log every failed LIST, watch or lease call with its whole
 * stack trace. When the API server cannot be reached (connection refused or reset, DNS, timeout) the trace says nothing
 * an operator can use, and it repeats with every retry of every informer: such a record keeps its line, with the chain
 * of causes appended, and loses the trace. Anything else (a bug, an unexpected answer) keeps its trace. skaler's own
 * line for the same failure is {@link InformerSet}'s "watch of ... failed (cause)". Installed on the console by
 * {@code quarkus.log.console.filter}.
 */
@LoggingFilter(name = "network-errors-one-line")
public final class NetworkErrorLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        String logger = record.getLoggerName();
        if (thrown == null || logger == null || !logger.startsWith("io.fabric8.") || !isNetworkError(thrown)) {
            return true;
        }
        String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String line = text + " [" + causes(thrown) + "]";
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(line, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(line);
        }
        record.setParameters(null);
        record.setThrown(null);
        return true;
    }

    /** A failure to reach the API server somewhere in the cause chain. */
    static boolean isNetworkError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SocketException || c instanceof UnknownHostException || c instanceof SocketTimeoutException
                    || c instanceof HttpTimeoutException || c instanceof TimeoutException
                    || c instanceof ClosedChannelException || c instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** The distinct messages of the cause chain, outermost first: "Operation [get] failed <- Connection refused". */
    static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (last != null && (last.contains(m) || m.contains(last))) {
                last = m.length() > last.length() ? m : last;
                continue;
            }
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(m);
            last = m;
        }
        return sb.toString();
    }
}

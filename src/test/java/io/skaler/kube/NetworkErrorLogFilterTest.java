package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** fabric8's records of an unreachable API server become one line with their causes; other records are untouched. */
class NetworkErrorLogFilterTest {
    private final NetworkErrorLogFilter filter = new NetworkErrorLogFilter();

    private static ExtLogRecord record(String logger, String pattern, Object param, Throwable thrown) {
        var r = new ExtLogRecord(Level.WARNING, pattern, ExtLogRecord.FormatStyle.MESSAGE_FORMAT, "test");
        r.setLoggerName(logger);
        r.setParameters(new Object[] {param});
        r.setThrown(thrown);
        return r;
    }

    @Test
    void aRefusedConnectionIsOneLineWithItsCauses() {
        var refused = new KubernetesClientException("Operation: [get]  for kind: [Lease] failed.",
                new IOException("Connection refused: /127.0.0.1:1", new ConnectException("Connection refused")));
        var r = record("io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector",
                "Exception occurred while acquiring lock ''{0}'' retrying...", "skaler-leader", refused);

        assertThat(filter.isLoggable(r)).isTrue();
        assertThat(r.getThrown()).isNull();
        assertThat(r.getFormattedMessage()).isEqualTo("Exception occurred while acquiring lock 'skaler-leader' "
                + "retrying... [Operation: [get]  for kind: [Lease] failed. <- Connection refused: /127.0.0.1:1]");
    }

    @Test
    void otherErrorsAndOtherLoggersKeepTheirTrace() {
        var bug = new CompletionException(new IllegalStateException("informer bug"));
        var r = record("io.fabric8.kubernetes.client.informers.impl.cache.Reflector", "listSyncAndWatch failed for {0}",
                "v1/nodes", bug);
        assertThat(filter.isLoggable(r)).isTrue();
        assertThat(r.getThrown()).isSameAs(bug);

        var ours = record("io.skaler.kube.KubeView", "x {0}", "y", new ConnectException("Connection refused"));
        assertThat(filter.isLoggable(ours)).isTrue();
        assertThat(ours.getThrown()).isNotNull();
    }
}

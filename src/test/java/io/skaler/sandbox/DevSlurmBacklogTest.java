package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The backlog fill survives a connection slurmrestd closes unanswered, and stops on anything else. */
class DevSlurmBacklogTest {

    /** Answers every request with a job id, except the ones {@code dropped} says to close without a byte. */
    private static ServerSocket server(java.util.function.IntPredicate dropped, AtomicInteger requests)
            throws IOException {
        ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!raw.isClosed()) {
                try (Socket s = raw.accept()) {
                    readRequest(s.getInputStream());
                    int n = requests.incrementAndGet();
                    if (dropped.test(n)) {
                        continue; // closed with no answer
                    }
                    String body = "{\"job_id\":" + n + ",\"errors\":[]}";
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return raw;
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
    }

    private static DevSlurmBacklog backlog(ServerSocket s, ByteArrayOutputStream log) {
        return new DevSlurmBacklog(URI.create("http://127.0.0.1:" + s.getLocalPort()), "token", "cpu",
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSubmissionWhoseConnectionClosedUnansweredIsSentAgainAndSaidSo() throws Exception {
        var requests = new AtomicInteger();
        var log = new ByteArrayOutputStream();
        try (ServerSocket s = server(n -> n == 2, requests)) {
            var filled = backlog(s, log).fill(3);

            assertThat(filled.jobs()).isEqualTo(3);
            assertThat(requests.get()).isEqualTo(4);
            assertThat(log.toString(StandardCharsets.UTF_8))
                    .contains("1 sent again after the connection closed unanswered");
        }
    }

    @Test
    void aConnectionThatNeverAnswersStopsTheFillAfterThreeTries() throws Exception {
        var requests = new AtomicInteger();
        try (ServerSocket s = server(n -> true, requests)) {
            assertThatThrownBy(() -> backlog(s, new ByteArrayOutputStream()).fill(1))
                    .isInstanceOf(IOException.class).hasMessageContaining("backlog: job 1 of 1");
            assertThat(requests.get()).isEqualTo(3);
        }
    }
}

package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.metrics.Labels.SlurmEndpoint;
import io.skaler.metrics.Labels.TransportFailure;
import io.skaler.metrics.SkalerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange with slurmrestd or a metrics endpoint: sends, sorts the status into the three failure kinds,
 * streams a 2xx body through the size cap and the deadline into the reader, and counts the request
 * ({@code skaler_slurmrestd_requests_total{endpoint,version,status}}). Knows nothing of versions or retries.
 */
final class SlurmHttp {

    static final String TOKEN_HEADER = "X-SLURM-USER-TOKEN";
    static final String USER_HEADER = "X-SLURM-USER-NAME";

    /**
     * What a request asks for, always a GET: skaler only reads Slurm. {@code version} is only the metric label
     * ({@code none} for metrics endpoints).
     *
     * @param listing the whole {@code jobs/state}: read under {@code listing-timeout}, not {@code read-timeout}
     */
    record Call(Endpoint endpoint, String version, URI uri, String accept, boolean listing) {
        static Call get(Endpoint endpoint, String version, URI uri) {
            return new Call(endpoint, version, uri, "application/json", false);
        }

        Call asListing() {
            return new Call(endpoint, version, uri, accept, true);
        }
    }

    /** A 2xx answer read by the reader, or a 404 (which only the caller can interpret). */
    sealed interface Answer<T> {
        record Read<T>(T value, long bytes) implements Answer<T> { }

        record NotFound<T>(List<String> errors) implements Answer<T> { }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skaler-slurm-read-deadline");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient http;
    private final Optional<CaBundle> caBundle;
    private final Duration readTimeout;
    private final Duration listingTimeout;
    private final long maxResponseBytes;
    private final SkalerMetrics metrics;
    /** Time spent streaming and parsing answer bodies (headers in to last byte parsed), for the cycle's parse phase. */
    private final java.util.concurrent.atomic.LongAdder bodyNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder bytesRead = new java.util.concurrent.atomic.LongAdder();

    SlurmHttp(SlurmClientSettings settings, MeterRegistry registry) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // slurmrestd speaks HTTP/1.1 only; no h2c upgrade attempts
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        // the client checks the host name against the certificate for https by default; that is left on
        settings.caBundle().ifPresent(bundle -> builder.sslContext(bundle.context()));
        this.http = builder.build();
        this.caBundle = settings.caBundle();
        this.readTimeout = settings.readTimeout();
        this.listingTimeout = settings.listingTimeout();
        this.maxResponseBytes = settings.maxResponseBytes();
        this.metrics = SkalerMetrics.on(registry);
    }

    <T> Answer<T> exchange(Call call, Optional<Token> token, Optional<String> userName, BodyReader<T> reader)
            throws SlurmFailure {
        HttpRequest.Builder rb = HttpRequest.newBuilder(call.uri())
                .timeout(timeout(call))
                .header("Accept", call.accept());
        token.ifPresent(t -> rb.header(TOKEN_HEADER, t.value()));
        userName.ifPresent(u -> rb.header(USER_HEADER, u));
        rb.GET();
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            failed(call, TransportFailure.CONNECT_TIMEOUT);
            throw new Unavailable(call.endpoint(), "no connection to " + hostOf(call) + " within the connect timeout", e);
        } catch (HttpTimeoutException e) {
            failed(call, TransportFailure.TIMEOUT);
            throw new Unavailable(call.endpoint(), "no answer within " + timeout(call) + " (" + timeoutKey(call) + ")", e);
        } catch (ConnectException e) {
            failed(call, TransportFailure.CONNECTION_ERROR);
            throw new Unavailable(call.endpoint(), "cannot connect to " + hostOf(call) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            Optional<SSLException> tls = tlsCause(e);
            if (tls.isPresent()) {
                failed(call, TransportFailure.TLS_ERROR);
                throw new Unavailable(call.endpoint(), "TLS with " + hostOf(call) + " failed: " + tls.get().getMessage()
                        + caBundle.map(b -> " (the certificate must chain to a CA in " + b.file() + ", "
                                + CaBundle.KEY + ", and name the host)").orElse(" (set " + CaBundle.KEY
                                + " to the CA that signed slurmrestd's certificate)"), e);
            }
            failed(call, TransportFailure.IO_ERROR);
            throw new Unavailable(call.endpoint(), "request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(call, TransportFailure.INTERRUPTED);
            throw new Unavailable(call.endpoint(), "interrupted while waiting for Slurm", e);
        }
        int status = response.statusCode();
        metrics.slurmRequest(endpoint(call), call.version(), status);
        if (status >= 200 && status < 300) {
            return readBody(call, status, response.body(), reader, started);
        }
        List<String> errors = errorText(call, status, response.body(), started);
        if (status == 401 || status == 511) {
            throw new AuthFailure(call.endpoint(), status, errors,
                    token.isPresent() ? "slurmrestd refused the token" : "slurmrestd wants a token and none is configured");
        }
        if (status == 404) {
            return new Answer.NotFound<>(errors);
        }
        if (status >= 500) {
            throw new Unavailable(call.endpoint(), status, errors, "Slurm is unavailable", null);
        }
        throw new BadAnswer(call.endpoint(), status, errors, "unexpected status from GET " + call.uri().getPath(), null);
    }

    private <T> Answer<T> readBody(Call call, int status, InputStream raw, BodyReader<T> reader, long startedNanos)
            throws SlurmFailure {
        BoundedBody body = new BoundedBody(raw, maxResponseBytes);
        long left = timeout(call).toNanos() - (System.nanoTime() - startedNanos);
        ScheduledFuture<?> deadline = WATCHDOG.schedule(body::expire, Math.max(left, 1), TimeUnit.NANOSECONDS);
        long bodyStarted = System.nanoTime();
        try (body) {
            T value = reader.read(body);
            bytesRead.add(body.bytesRead());
            metrics.slurmResponseBytes(endpoint(call), body.bytesRead());
            return new Answer.Read<>(value, body.bytesRead());
        } catch (SlurmFailure f) {
            throw f;
        } catch (Exception e) {
            throw classify(call, status, body, e);
        } finally {
            deadline.cancel(false);
            bodyNanos.add(System.nanoTime() - bodyStarted);
        }
    }

    private Duration timeout(Call call) {
        return call.listing() ? listingTimeout : readTimeout;
    }

    private static String timeoutKey(Call call) {
        return call.listing() ? "skaler.slurm.listing-timeout" : "skaler.slurm.read-timeout";
    }

    /** Total bytes of answer bodies read in full so far. */
    long bytesRead() {
        return bytesRead.sum();
    }

    /** Total time spent reading answer bodies so far (streamed: transfer and parse together). */
    long bodyReadNanos() {
        return bodyNanos.sum();
    }

    /** The error body under the same deadline; SlurmErrors never throws, so this only yields text or nothing. */
    private List<String> errorText(Call call, int status, InputStream raw, long startedNanos) throws SlurmFailure {
        Answer<List<String>> read = readBody(call, status, raw, SlurmErrors::from, startedNanos);
        return read instanceof Answer.Read<List<String>> r ? r.value() : List.of();
    }

    private SlurmFailure classify(Call call, int status, BoundedBody body, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (body.overCap()) {
            return new BadAnswer(call.endpoint(), status, List.of(),
                    "answer exceeds the size cap of " + body.cap() + " bytes (skaler.slurm.max-response-bytes)", e);
        }
        if (body.expired()) {
            return new Unavailable(call.endpoint(), status, List.of(),
                    "answer not complete within " + timeout(call) + " (" + timeoutKey(call) + ") after "
                            + body.bytesRead() + " bytes", e);
        }
        if (e instanceof BadAnswerException content) {
            // the parsers' verdict on the content: where and why, and Slurm's own errors[] if that was the cause
            return new BadAnswer(call.endpoint(), status, content.slurmErrors(), "unusable answer at " + content.getMessage(), e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException) {
                return new BadAnswer(call.endpoint(), status, List.of(), "unreadable answer: " + c.getMessage(), e);
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return new Unavailable(call.endpoint(), status, List.of(),
                        "connection broke after " + body.bytesRead() + " bytes: " + c.getMessage(), e);
            }
        }
        return new BadAnswer(call.endpoint(), status, List.of(), "unusable answer: " + e.getMessage(), e);
    }

    private static Optional<SSLException> tlsCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException ssl) {
                return Optional.of(ssl);
            }
        }
        return Optional.empty();
    }

    private void failed(Call call, TransportFailure failure) {
        metrics.slurmRequestFailed(endpoint(call), call.version(), failure);
    }

    private static SlurmEndpoint endpoint(Call call) {
        return SlurmEndpoint.valueOf(call.endpoint().name());
    }

    private static String hostOf(Call call) {
        URI u = call.uri();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }
}

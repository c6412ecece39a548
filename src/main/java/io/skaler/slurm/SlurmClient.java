package io.skaler.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.metrics.SkalerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * skaler's only way to slurmrestd, and read-only: skaler never changes Slurm (node drains are Slinky's), so a token
 * that may read jobs, nodes and partitions is all it needs (docs/slurm.md, "Which user"). Every call: picks the API
 * version (negotiated on first use, or pinned), sends {@code Accept: application/json} and the token, retries once
 * with a re-read or re-minted token after a 401/511, re-negotiates once when the chosen version starts answering 404
 * (an upgrade removed it), and streams the body into the caller's {@link BodyReader}. Failures come out as one of the three {@link SlurmFailure} kinds.
 */
public final class SlurmClient {

    private static final Logger LOG = Logger.getLogger(SlurmClient.class);
    /** Reads {@code diag}'s small tree answer; thread-safe once configured. */
    private static final ObjectMapper TREE = new ObjectMapper();

    /**
     * {@code flags} replaces slurmctld's default (ALL, DETAIL, MIXED), so those are restated; FUTURE adds the
     * placeholder nodes that are otherwise hidden and that scale-from-zero depends on.
     */
    static final String NODES_QUERY = "flags=ALL&flags=DETAIL&flags=MIXED&flags=FUTURE";
    /** Partitions have no default flags: without ALL, hidden partitions are left out. */
    static final String PARTITIONS_QUERY = "flags=ALL";

    private final SlurmClientSettings settings;
    private final TokenSource tokens;
    private final MeterRegistry registry;
    private final SlurmHttp http;
    private final VersionNegotiator negotiator;
    private volatile ApiVersion version;

    public SlurmClient(SlurmClientSettings settings, TokenSource tokens, MeterRegistry registry) {
        this.settings = settings;
        this.tokens = tokens;
        this.registry = registry;
        this.http = new SlurmHttp(settings, registry);
        this.negotiator = new VersionNegotiator(settings.pinnedVersion());
    }

    /** The API version in use, negotiating it first if no call has yet. */
    public ApiVersion apiVersion() throws SlurmFailure {
        ApiVersion v = version;
        return v != null ? v : negotiate(null);
    }

    /** The version chosen so far, without any I/O; empty before the first successful negotiation. */
    public Optional<ApiVersion> negotiatedVersion() {
        return Optional.ofNullable(version);
    }

    /**
     * Total time this client spent reading answer bodies, from the headers' arrival to the last byte parsed. The
     * parsers stream, so this is transfer and parse together; the rest of a request's time is slurmrestd building
     * its answer (it sends nothing before the whole answer is built).
     */
    public java.time.Duration bodyReadTime() {
        return java.time.Duration.ofNanos(http.bodyReadNanos());
    }

    public SlurmClientSettings settings() {
        return settings;
    }

    /** {@code GET jobs}: every job Slurm holds (default flags, so pending jobs come with their details). */
    public <T> T jobs(BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.JOBS, "/jobs/", v -> "", reader);
    }

    /**
     * {@code GET jobs?update_time=T}: an empty {@code jobs} list when nothing changed since T (slurmctld's
     * {@code last_update} of an earlier answer), otherwise the full list, not a delta.
     */
    public <T> T jobsChangedSince(long lastUpdateEpochSeconds, BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.JOBS, "/jobs/",
                v -> "update_time=" + UpdateTime.queryValue(v, lastUpdateEpochSeconds, settings.slurmTimeZone()), reader);
    }

    /**
     * {@code GET jobs/state}: id and state of every job and array task (about 37 bytes each), under
     * {@code listing-timeout}: slurmrestd builds it in time that grows faster than the queue.
     */
    public <T> T jobStates(BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.JOBS_STATE, "/jobs/state/", v -> "", reader);
    }

    /**
     * {@code GET jobs/state?job_id=A&job_id=B...}: the entries of the given jobs only; ids Slurm does not hold are left
     * out without an error. The ids go as repeated parameters: a comma list of two or more ids is answered HTTP 500
     * "Unspecified error" by slurmrestd 26.05.5 (docs/upstream.md). Empty {@code ids} would mean every job, so it is
     * refused.
     */
    public <T> T jobStates(java.util.Collection<Long> ids, BodyReader<T> reader) throws SlurmFailure {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no job ids: jobStates(reader) reads every job");
        }
        StringBuilder q = new StringBuilder(ids.size() * 16);
        for (long id : ids) {
            q.append(q.length() == 0 ? "" : "&").append("job_id=").append(id);
        }
        String query = q.toString();
        return call(Endpoint.JOBS_STATE, "/jobs/state/", v -> query, reader);
    }

    /**
     * {@code GET job/{id}}: one job's records (every task of an array, every component of a het job), in the same
     * document as {@code GET jobs}; empty when Slurm no longer holds the job (HTTP 404 with "Invalid job id
     * specified"). Any other 404 is handled as for every endpoint (the API version may have gone).
     */
    public <T> Optional<T> job(long jobId, BodyReader<T> reader) throws SlurmFailure {
        ApiVersion v = apiVersion();
        String path = "/job/" + jobId;
        SlurmHttp.Answer<T> answer = authenticated(Endpoint.JOB, v, path, "", reader);
        if (answer instanceof SlurmHttp.Answer.Read<T> read) {
            return Optional.of(read.value());
        }
        List<String> errors = ((SlurmHttp.Answer.NotFound<T>) answer).errors();
        if (errors.stream().anyMatch(e -> e.contains("[error 2017]"))) { // ESLURM_INVALID_JOB_ID
            return Optional.empty();
        }
        return Optional.of(call(Endpoint.JOB, path, x -> "", reader));
    }

    /** The metrics this client reports to. */
    public SkalerMetrics metrics() {
        return SkalerMetrics.on(registry);
    }

    /**
     * slurmctld's own job counts ({@code GET diag}): one cheap RPC whatever the queue's size, unlike
     * {@code jobs/state}, whose answer slurmrestd builds in time that grows faster than the job count (53 s for
     * 100,000 jobs on a loaded machine). The counts are up to 30 s old: see {@link JobCounts}.
     */
    public JobCounts jobCounts() throws SlurmFailure {
        return call(Endpoint.DIAG, "/diag/", v -> "", in -> {
            var root = TREE.readTree(in).path("statistics");
            return new JobCounts(number(root, "jobs_pending"), number(root, "jobs_running"),
                    number(root, "jobs_submitted"), number(root, "job_states_ts"));
        });
    }

    /** A number of {@code diag}'s statistics, plain or as {@code {set, infinite, number}}. */
    private static long number(JsonNode stats, String field)
            throws BadAnswerException {
        var n = stats.path(field);
        if (n.isObject()) {
            n = n.path("number");
        }
        if (!n.isNumber()) {
            throw new BadAnswerException("/statistics/" + field, "missing or not a number");
        }
        return n.asLong();
    }

    /** Total bytes of answer bodies this client has read (for the read cost figures and the benchmarks). */
    public long bytesRead() {
        return http.bytesRead();
    }

    /** {@code GET nodes}, never with {@code update_time} (it answers HTTP 500 when only nodes changed, up to 25.11.7). */
    public <T> T nodes(BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.NODES, "/nodes/", v -> NODES_QUERY, reader);
    }

    /** {@code GET partitions?flags=ALL}. */
    public <T> T partitions(BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.PARTITIONS, "/partitions/", v -> PARTITIONS_QUERY, reader);
    }

    /** {@code GET reservations}: small (a reservation is about 600 bytes), read whole every pass. */
    public <T> T reservations(BodyReader<T> reader) throws SlurmFailure {
        return call(Endpoint.RESERVATIONS, "/reservations/", v -> "", reader);
    }

    /** {@code GET ping} on a given version: true when served, false on 404. */
    public boolean serves(ApiVersion v) throws SlurmFailure {
        SlurmHttp.Answer<Void> a = authenticated(Endpoint.PING, v, "/ping/", "", SlurmClient::drain);
        return a instanceof SlurmHttp.Answer.Read;
    }

    /** Forgets the chosen version and negotiates again (also done by itself when the chosen one answers 404). */
    public ApiVersion renegotiate() throws SlurmFailure {
        return negotiate(version);
    }

    private synchronized ApiVersion negotiate(ApiVersion stale) throws SlurmFailure {
        if (version != null && version != stale) {
            return version; // another thread negotiated meanwhile
        }
        VersionNegotiator.Choice choice = negotiator.negotiate(this::serves);
        ApiVersion chosen = choice.version();
        if (stale != null && stale != chosen) {
            LOG.warnf("slurmrestd at %s no longer serves %s; switched to %s", settings.url(), stale, chosen);
        } else if (stale == null) {
            LOG.infof("slurmrestd at %s: using API %s (%s; not served: %s)", settings.url(), chosen,
                    settings.pinnedVersion().isPresent() ? "pinned" : "negotiated, newest that shows exclusive jobs",
                    choice.notServed());
        }
        if (!chosen.showsExclusivity()) {
            LOG.warnf("slurmrestd at %s: API %s job records do not say which jobs are --exclusive; such jobs are "
                    + "planned as if they shared nodes%s", settings.url(), chosen,
                    settings.pinnedVersion().isPresent() ? " (unpin to let skaler pick an older version)" : "");
        }
        SkalerMetrics.on(registry).slurmApiVersion(chosen.label());
        version = chosen;
        return chosen;
    }

    private <T> T call(Endpoint endpoint, String path, Function<ApiVersion, String> query, BodyReader<T> reader)
            throws SlurmFailure {
        ApiVersion v = apiVersion();
        SlurmHttp.Answer<T> answer = authenticated(endpoint, v, path, query.apply(v), reader);
        if (answer instanceof SlurmHttp.Answer.Read<T> read) {
            return read.value();
        }
        List<String> errors = ((SlurmHttp.Answer.NotFound<T>) answer).errors();
        if (serves(v)) {
            throw new BadAnswer(endpoint, 404, errors, "not found: GET " + v.basePath() + path, null);
        }
        ApiVersion next = negotiate(v);
        answer = authenticated(endpoint, next, path, query.apply(next), reader);
        if (answer instanceof SlurmHttp.Answer.Read<T> read) {
            return read.value();
        }
        throw new BadAnswer(endpoint, 404, ((SlurmHttp.Answer.NotFound<T>) answer).errors(),
                "not found: GET " + next.basePath() + path, null);
    }

    /** One exchange, and one more with a fresh token if slurmrestd refused the first. */
    private <T> SlurmHttp.Answer<T> authenticated(Endpoint endpoint, ApiVersion v, String path, String query,
            BodyReader<T> reader) throws SlurmFailure {
        URI uri = URI.create(settings.url() + v.basePath() + path + (query.isEmpty() ? "" : "?" + query));
        SlurmHttp.Call plain = SlurmHttp.Call.get(endpoint, v.label(), uri);
        // the whole jobs/state (no job_id) is the one answer that grows past read-timeout with the queue
        SlurmHttp.Call call = endpoint == Endpoint.JOBS_STATE && query.isEmpty() ? plain.asListing() : plain;
        Optional<Token> token = token(endpoint);
        try {
            return http.exchange(call, token, tokens.userName(), reader);
        } catch (AuthFailure refused) {
            if (token.isEmpty()) {
                throw refused;
            }
            LOG.debugf("slurmrestd refused the token on %s (HTTP %d); retrying once with a fresh one",
                    endpoint.label(), refused.status());
            tokens.invalidate();
            return http.exchange(call, token(endpoint), tokens.userName(), reader);
        }
    }

    private Optional<Token> token(Endpoint endpoint) throws AuthFailure {
        try {
            return tokens.current();
        } catch (IOException e) {
            throw new AuthFailure(endpoint, 0, List.of(), "no token to send: " + e.getMessage());
        }
    }

    private static Void drain(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
        return null;
    }
}

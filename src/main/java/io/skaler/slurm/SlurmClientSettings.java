package io.skaler.slurm;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The connection settings of a {@link SlurmClient}, checked once: plain values so tests and tools can build a client
 * without the Quarkus config ({@link SlurmClientConfig} maps onto this).
 *
 * @param url              slurmrestd's base URL, e.g. {@code http://slurm-restapi:6820}
 * @param pinnedVersion    use this API version only; empty to negotiate (newest served first)
 * @param connectTimeout   how long to wait for the TCP connection
 * @param readTimeout      how long to wait for a whole answer, from sending the request to its last byte
 * @param maxResponseBytes a body larger than this is refused as a bad answer
 * @param slurmTimeZone    slurmctld's time zone, used to write {@code update_time} as a time string for v0.0.40/41
 * @param caBundle         the only CAs an https slurmrestd may chain to; empty: the JDK's default trust store
 * @param listingTimeout   {@link #readTimeout} for the one answer whose time grows faster than the queue: a whole
 *                         {@code jobs/state}, read once after each start (53 s at 100,000 jobs on an idle slurmrestd,
 *                         docs/slurm.md "Large queues")
 */
public record SlurmClientSettings(
        URI url,
        Optional<ApiVersion> pinnedVersion,
        Duration connectTimeout,
        Duration readTimeout,
        long maxResponseBytes,
        ZoneId slurmTimeZone,
        Optional<CaBundle> caBundle,
        Duration listingTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LISTING_TIMEOUT = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1L << 30;

    public SlurmClientSettings {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("skaler.slurm.url: expected http(s)://host[:port], got '" + url + "'");
        }
        if (url.getRawQuery() != null) {
            throw new IllegalArgumentException("skaler.slurm.url: must not carry a query, got '" + url + "'");
        }
        requirePositive("skaler.slurm.connect-timeout", connectTimeout);
        requirePositive("skaler.slurm.read-timeout", readTimeout);
        requirePositive("skaler.slurm.listing-timeout", listingTimeout);
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("skaler.slurm.max-response-bytes: must be at least 1024, got " + maxResponseBytes);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/")) {
            url = URI.create(url.toString().substring(0, url.toString().length() - 1));
        }
    }

    /** Without a CA bundle (http, or https trusted by the JDK's default CAs). */
    public SlurmClientSettings(URI url, Optional<ApiVersion> pinnedVersion, Duration connectTimeout, Duration readTimeout,
            long maxResponseBytes, ZoneId slurmTimeZone) {
        this(url, pinnedVersion, connectTimeout, readTimeout, maxResponseBytes, slurmTimeZone, Optional.empty());
    }

    /** With the default listing timeout, or the read timeout if that is longer. */
    public SlurmClientSettings(URI url, Optional<ApiVersion> pinnedVersion, Duration connectTimeout, Duration readTimeout,
            long maxResponseBytes, ZoneId slurmTimeZone, Optional<CaBundle> caBundle) {
        this(url, pinnedVersion, connectTimeout, readTimeout, maxResponseBytes, slurmTimeZone, caBundle,
                readTimeout.compareTo(DEFAULT_LISTING_TIMEOUT) > 0 ? readTimeout : DEFAULT_LISTING_TIMEOUT);
    }

    /** Defaults for everything but the URL. */
    public static SlurmClientSettings of(URI url) {
        return new SlurmClientSettings(url, Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES, ZoneId.of("UTC"));
    }

    public SlurmClientSettings withPinnedVersion(ApiVersion version) {
        return new SlurmClientSettings(url, Optional.of(version), connectTimeout, readTimeout, maxResponseBytes,
                slurmTimeZone, caBundle, listingTimeout);
    }

    public SlurmClientSettings withTimeouts(Duration connect, Duration read) {
        return new SlurmClientSettings(url, pinnedVersion, connect, read, maxResponseBytes, slurmTimeZone, caBundle,
                listingTimeout);
    }

    public SlurmClientSettings withListingTimeout(Duration listing) {
        return new SlurmClientSettings(url, pinnedVersion, connectTimeout, readTimeout, maxResponseBytes, slurmTimeZone,
                caBundle, listing);
    }

    public SlurmClientSettings withMaxResponseBytes(long max) {
        return new SlurmClientSettings(url, pinnedVersion, connectTimeout, readTimeout, max, slurmTimeZone, caBundle,
                listingTimeout);
    }

    /** Trust only {@code bundle}'s CAs for an https URL. */
    public SlurmClientSettings withCaBundle(CaBundle bundle) {
        return new SlurmClientSettings(url, pinnedVersion, connectTimeout, readTimeout, maxResponseBytes, slurmTimeZone,
                Optional.of(bundle), listingTimeout);
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive, got " + d);
        }
    }
}

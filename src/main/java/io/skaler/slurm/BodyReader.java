package io.skaler.slurm;

import java.io.InputStream;

/**
 * Reads one successful response body as it streams in. The stream counts against the size cap and the read deadline;
 * the reader never gets the body as a whole String. Whatever it throws becomes a typed {@link SlurmFailure}: a JSON
 * syntax or mapping error is a {@link BadAnswer}, a broken connection an {@link Unavailable}.
 */
@FunctionalInterface
public interface BodyReader<T> {
    T read(InputStream body) throws Exception;
}

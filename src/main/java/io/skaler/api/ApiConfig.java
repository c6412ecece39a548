package io.skaler.api;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The explain/trigger API's settings (prefix {@code skaler.api}). */
@ConfigMapping(prefix = "skaler.api")
public interface ApiConfig {
    /** Bearer token for {@code POST /api/v1/trigger}; without one (or a file) the endpoint refuses everyone. */
    Optional<String> triggerToken();

    /** A file holding the trigger token (a mounted Secret); preferred over {@link #triggerToken()}. */
    Optional<Path> triggerTokenFile();
}

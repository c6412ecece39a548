package io.skaler.api.check;

import java.util.Optional;

/**
 * skaler's own metrics endpoint as probed (live check only).
 *
 * @param error        why it could not be scraped, empty when it answered
 * @param skalerSeries whether the answer holds skaler's series ({@code skaler_...})
 */
public record MetricsProbe(String url, Optional<String> error, boolean skalerSeries) {
}

package io.skaler.api.check;

import java.util.List;

/** skaler's Prometheus endpoint answers with skaler's series (live only: offline there is nothing to scrape). */
public final class MetricsCheck implements Check {
    static final String NAME = "metrics";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.metrics().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "metrics endpoint not probed",
                    "run in the pod, or pass --metrics-url http://skaler.skaler:8080/q/metrics"));
        }
        MetricsProbe m = in.metrics().get();
        if (m.error().isPresent()) {
            return List.of(CheckResult.fail(NAME, m.url() + ": " + m.error().get(),
                    "check the Service and port (quarkus.http.port, default 8080) and that skaler runs"));
        }
        if (!m.skalerSeries()) {
            return List.of(CheckResult.warn(NAME, m.url() + " answers but holds no skaler_ series",
                    "point it at skaler's /q/metrics, not another service"));
        }
        return List.of(CheckResult.pass(NAME, m.url() + " serves skaler's metrics"));
    }
}

package io.skaler.loop;

import io.skaler.kube.KubeView;
import io.skaler.kube.ViewResult;
import io.skaler.metrics.Labels;
import io.skaler.model.KubeSnapshot;
import java.time.Clock;

/** The informer view as the loop's Kubernetes source: stale or unsynced informers make the read unavailable. */
final class KubeViewSource implements KubeSource {
    private final KubeView view;
    private final Clock clock;

    KubeViewSource(KubeView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    @Override
    public Observation<KubeSnapshot> read() {
        ViewResult result = view.snapshot();
        if (result instanceof ViewResult.Fresh fresh) {
            return Observation.fresh(fresh.snapshot(), clock.instant());
        }
        return Observation.unavailable(Labels.Source.KUBERNETES, ((ViewResult.Stale) result).reason());
    }
}

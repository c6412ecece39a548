package io.skaler.kube;

import io.skaler.model.KubeSnapshot;
import java.util.List;

/** What the view can hand the planner: a snapshot from synced, watching informers, or the reason it cannot. */
public sealed interface ViewResult {

    /** @param problems objects left out because a field could not be read (each names the object and field) */
    record Fresh(KubeSnapshot snapshot, List<String> problems) implements ViewResult {
        public Fresh {
            problems = List.copyOf(problems);
        }
    }

    /** Not safe to decide on: an informer has not synced, or its watch broke and has not resynced. */
    record Stale(String reason) implements ViewResult {
    }
}

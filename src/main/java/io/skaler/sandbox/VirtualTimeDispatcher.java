package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The mock API server's CRUD dispatcher, stamping {@code metadata.creationTimestamp} from the sandbox's clock instead
 * of the wall clock. In a sandbox run everything else is virtual (Slurm's times, the autoscaler's "now"), so an
 * object's age must be too: otherwise a pod that never starts never looks older than {@code provisioningTimeout}.
 * The stamp is taken where a created object is stored and announced to watchers; updates keep it (the server copies
 * the stored creation time onto every update), as a real API server does.
 */
final class VirtualTimeDispatcher extends KubernetesCrudDispatcher {
    private final Supplier<Instant> now;

    VirtualTimeDispatcher(Supplier<Instant> now) {
        this.now = now;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String state = newState;
        // no old attributes and a new state: a creation (an update names the stored object, a deletion has no state)
        if (oldAttributes == null && resource != null && newState != null) {
            resource.getMetadata().setCreationTimestamp(now.get().truncatedTo(ChronoUnit.SECONDS).toString());
            state = Serialization.asJson(resource);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, state);
    }
}

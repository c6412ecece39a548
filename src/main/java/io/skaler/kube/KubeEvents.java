package io.skaler.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on the objects skaler touches, so {@code kubectl describe nodeset} tells why it changed. Best
 * effort: a failed Event is logged and counted, never fails the write it explains. The same message on the same
 * object is not repeated within {@code eventRepeatAfter} (a held scale-in would otherwise add one every cycle).
 */
final class KubeEvents {
    private static final Logger LOG = Logger.getLogger(KubeEvents.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final ExecutorSettings settings;
    private final TokenBucket bucket;
    private final KubeMetrics metrics;
    private final Clock clock;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    KubeEvents(KubernetesClient client, ExecutorSettings settings, TokenBucket bucket, KubeMetrics metrics,
            Clock clock) {
        this.client = client;
        this.settings = settings;
        this.bucket = bucket;
        this.metrics = metrics;
        this.clock = clock;
    }

    void normal(HasMetadata on, String reason, String message) {
        emit(on, "Normal", reason, message);
    }

    void warning(HasMetadata on, String reason, String message) {
        emit(on, "Warning", reason, message);
    }

    private void emit(HasMetadata on, String type, String reason, String message) {
        if (settings.dryRun()) {
            return;
        }
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        String objectNs = on.getMetadata().getNamespace();
        String namespace = objectNs == null || objectNs.isBlank() ? "default" : objectNs;
        String key = on.getKind() + "/" + namespace + "/" + on.getMetadata().getName() + "/" + reason + "/" + text;
        Instant now = clock.instant();
        Instant prev = lastSent.get(key);
        if (prev != null && prev.plus(settings.eventRepeatAfter()).isAfter(now)) {
            return;
        }
        String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(on.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "")
                        .substring(0, 16))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(on.getApiVersion()).withKind(on.getKind())
                        .withNamespace(objectNs).withName(on.getMetadata().getName())
                        .withUid(on.getMetadata().getUid())
                        .withResourceVersion(on.getMetadata().getResourceVersion()).build())
                .withType(type)
                .withReason(reason)
                .withMessage(text)
                .withNewSource().withComponent("skaler").endSource()
                .withReportingComponent("skaler.io/skaler")
                .withReportingInstance(settings.identity())
                .withFirstTimestamp(ts)
                .withLastTimestamp(ts)
                .withCount(1)
                .build();
        try {
            bucket.acquire();
            client.v1().events().inNamespace(namespace).resource(event).create();
            lastSent.put(key, now);
            metrics.write("Event", "create", "ok");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            metrics.write("Event", "create", "failed");
            LOG.warnf("could not record Event %s on %s %s: %s", reason, on.getKind(), on.getMetadata().getName(),
                    e.getMessage());
        }
    }
}

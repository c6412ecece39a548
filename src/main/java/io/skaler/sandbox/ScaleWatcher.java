package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches NodeSets for {@code spec.replicas} changes made by the autoscaler under test and hands each to the report
 * the moment it arrives (wall clock), so submit-to-scale measures the autoscaler, not the simulation's tick. It prints
 * each change to {@code out} unless the autoscaler prints its own decisions.
 */
final class ScaleWatcher implements AutoCloseable {
    private final Map<String, Integer> last = new HashMap<>();
    private final Watch watch;

    ScaleWatcher(KubernetesClient kube, String namespace, java.util.function.Supplier<java.time.Instant> clock,
            SandboxReport report,
            PrintStream out, boolean printScales, java.util.function.LongFunction<String> elapsed) {
        for (var ns : kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace).list().getItems()) {
            last.put(ns.getMetadata().getName(), replicas(ns));
        }
        this.watch = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource ns) {
                        long wall = System.nanoTime();
                        if (action != Action.MODIFIED && action != Action.ADDED) {
                            return;
                        }
                        int to = replicas(ns);
                        Integer from;
                        synchronized (last) {
                            from = last.put(ns.getMetadata().getName(), to);
                        }
                        if (from != null && from != to) {
                            var at = clock.get();
                            report.scaled(ns.getMetadata().getName(), from, to, at, wall);
                            if (printScales) {
                                out.println(elapsed.apply(at.getEpochSecond()) + "  scale  "
                                        + ns.getMetadata().getName() + " replicas " + from + " -> " + to);
                            }
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        out.println("sandbox: NodeSet watch closed: " + cause.getMessage());
                    }
                });
    }

    static int replicas(GenericKubernetesResource ns) {
        Object r = ns.get("spec", "replicas");
        return r instanceof Number n ? n.intValue() : 1;
    }

    @Override
    public void close() {
        watch.close();
    }
}

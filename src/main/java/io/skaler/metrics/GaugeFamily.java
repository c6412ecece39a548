package io.skaler.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One gauge name with a fixed list of label keys, one series per label-value tuple. Series are set each cycle and
 * removed when their object is gone, so the exposition shows the current cluster, not every object ever seen.
 */
final class GaugeFamily {
    private final MeterRegistry registry;
    private final String name;
    private final String help;
    private final List<String> keys;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    GaugeFamily(MeterRegistry registry, String name, String help, String... keys) {
        this.registry = registry;
        this.name = name;
        this.help = help;
        this.keys = List.of(keys);
    }

    void set(double value, String... labelValues) {
        if (labelValues.length != keys.size()) {
            throw new IllegalArgumentException(name + " takes labels " + keys + ", got " + labelValues.length);
        }
        series.computeIfAbsent(List.of(labelValues), this::register).value = value;
    }

    /** Remove every series whose label values (in key order) match. */
    void removeIf(Predicate<List<String>> match) {
        series.entrySet().removeIf(e -> {
            if (match.test(e.getKey())) {
                registry.remove(e.getValue().gauge);
                return true;
            }
            return false;
        });
    }

    void clear() {
        removeIf(values -> true);
    }

    private Series register(List<String> values) {
        var holder = new Series();
        var tags = Tags.empty();
        for (int i = 0; i < keys.size(); i++) {
            tags = tags.and(keys.get(i), values.get(i));
        }
        holder.gauge = Gauge.builder(name, holder, s -> s.value)
                .description(help)
                .tags(tags)
                .strongReference(true)
                .register(registry);
        return holder;
    }

    private static final class Series {
        volatile double value;
        Gauge gauge;
    }
}

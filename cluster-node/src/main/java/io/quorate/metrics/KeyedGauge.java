package io.quorate.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gauge family whose label sets come and go (members, locks, resources and their states). Setting
 * it with the same label sets as last time only updates values; only a change of the sets
 * re-registers the family's meters, which costs far more (a node with 1,000 HA resources has 10,000
 * resource-state series and is scraped every few seconds).
 */
final class KeyedGauge {
    private final MultiGauge family;
    private Map<Tags, AtomicLong> current = Map.of();

    KeyedGauge(MultiGauge family) {
        this.family = family;
    }

    /** The family's series from now on: label set → value. */
    void set(Map<Tags, Double> values) {
        if (!values.keySet().equals(current.keySet())) {
            Map<Tags, AtomicLong> next = new LinkedHashMap<>();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            values.keySet().forEach(tags -> {
                AtomicLong holder = new AtomicLong();
                next.put(tags, holder);
                rows.add(MultiGauge.Row.of(tags, holder, h -> Double.longBitsToDouble(h.get())));
            });
            current = next;
            family.register(rows, true);
        }
        values.forEach((tags, value) -> current.get(tags).set(Double.doubleToRawLongBits(value)));
    }
}

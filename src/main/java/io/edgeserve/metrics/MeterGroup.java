package io.edgeserve.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Meters registered together and removed together, so that a model that leaves leaves no series behind. Once
 * closed, the group registers nothing more: a request that finishes just after its model was unloaded cannot bring
 * the model's series back.
 */
final class MeterGroup {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private boolean closed;

    MeterGroup(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a meter in this group; null once the group is closed. */
    synchronized <M extends Meter> M register(Function<MeterRegistry, M> registration) {
        if (closed) {
            return null;
        }
        M meter = registration.apply(registry);
        meters.add(meter);
        return meter;
    }

    /** Removes every meter of the group from the registry. */
    synchronized void close() {
        closed = true;
        meters.forEach(registry::remove);
        meters.clear();
    }
}

package io.edgeserve.metrics;

import io.edgeserve.invocation.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * What one model's inference requests took: duration by transport, precision and outcome, count by transport and
 * status class, and body sizes. The HTTP float32 series and the usual status classes exist at zero from the start;
 * others are registered on first use, and their keys are bounded (two transports, a few precisions, six outcomes,
 * five status classes). Meters are found by array index and one lookup of the precision: recording a request
 * builds no key and looks nothing up in Micrometer's registry.
 */
final class RequestMeters {

    /** One status of each class whose series exist from the start: 2xx, 4xx, 5xx. */
    private static final int[] USUAL_STATUSES = {200, 400, 500};
    private static final Outcome[] OUTCOMES = Outcome.values();
    /** Status classes by index: 1xx to 5xx, then other. */
    private static final int STATUS_SLOTS = 6;

    private final String model;
    private final MeterGroup group;
    /** Filled for every transport here and only read after, so an EnumMap is safe to share. */
    private final Map<Transport, ConcurrentMap<String, AtomicReferenceArray<Timer>>> durations =
            new EnumMap<>(Transport.class);
    private final Map<Transport, AtomicReferenceArray<Counter>> requests = new EnumMap<>(Transport.class);
    private final DistributionSummary requestSize;
    private final DistributionSummary responseSize;

    RequestMeters(String model, MeterGroup group) {
        this.model = model;
        this.group = group;
        for (Transport transport : Transport.values()) {
            durations.put(transport, new ConcurrentHashMap<>());
            requests.put(transport, new AtomicReferenceArray<>(STATUS_SLOTS));
        }
        for (Outcome outcome : Outcome.values()) {
            duration(Transport.HTTP, MetricNames.DEFAULT_PRECISION, outcome);
        }
        for (int status : USUAL_STATUSES) {
            requests(Transport.HTTP, status);
        }
        Tags tags = Tags.of(MetricNames.MODEL, model);
        this.requestSize = group.register(Histograms.summary(MetricNames.REQUEST_SIZE,
                "Bytes of an inference request body", "bytes", tags, HistogramBuckets.BODY_BYTES));
        this.responseSize = group.register(Histograms.summary(MetricNames.RESPONSE_SIZE,
                "Bytes of an inference response body, problem details included", "bytes", tags,
                HistogramBuckets.BODY_BYTES));
    }

    void record(Transport transport, String precision, int status, long durationNanos, long requestBytes,
            long responseBytes) {
        Outcome outcome = Outcome.of(status);
        Timer timer = duration(transport, precision, outcome);
        Counter counter = requests(transport, status);
        if (timer == null || counter == null || requestSize == null || responseSize == null) {
            return; // the model was unloaded while this request finished: its series are gone for good
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
        counter.increment();
        requestSize.record(requestBytes);
        responseSize.record(responseBytes);
    }

    private Timer duration(Transport transport, String precision, Outcome outcome) {
        ConcurrentMap<String, AtomicReferenceArray<Timer>> byPrecision = durations.get(transport);
        AtomicReferenceArray<Timer> byOutcome = byPrecision.get(precision);
        if (byOutcome == null) {
            byOutcome = byPrecision.computeIfAbsent(precision, tag -> new AtomicReferenceArray<>(OUTCOMES.length));
        }
        Timer timer = byOutcome.get(outcome.ordinal());
        return timer != null ? timer : registered(byOutcome, outcome.ordinal(), Histograms.timer(
                MetricNames.REQUEST_DURATION, "Time from an inference request's arrival to its response",
                Tags.of(MetricNames.MODEL, model, MetricNames.TRANSPORT, transport.label(), MetricNames.PRECISION,
                        precision, MetricNames.OUTCOME, outcome.label()),
                HistogramBuckets.REQUEST_DURATION));
    }

    private Counter requests(Transport transport, int status) {
        int slot = status >= 100 && status < 600 ? status / 100 - 1 : STATUS_SLOTS - 1;
        AtomicReferenceArray<Counter> bySlot = requests.get(transport);
        Counter counter = bySlot.get(slot);
        if (counter != null) {
            return counter;
        }
        String statusClass = Outcome.statusClass(status);
        return registered(bySlot, slot,
                registry -> Counter.builder(MetricNames.REQUESTS)
                        .description("Inference requests answered, by transport and status class")
                        .tags(MetricNames.MODEL, model, MetricNames.TRANSPORT, transport.label(),
                                MetricNames.STATUS, statusClass)
                        .register(registry));
    }

    /** Registers a meter on its first use and caches it; null once the group is closed. */
    private <M extends Meter> M registered(AtomicReferenceArray<M> cache, int slot,
            Function<MeterRegistry, M> registration) {
        M meter = group.register(registration);
        if (meter != null) {
            cache.set(slot, meter); // Micrometer gives the same meter for the same id: no race to lose
        }
        return meter;
    }
}

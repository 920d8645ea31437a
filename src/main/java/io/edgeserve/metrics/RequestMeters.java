package io.edgeserve.metrics;

import io.edgeserve.invocation.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What one model's inference requests took: duration by transport, precision and outcome, count by transport and
 * status class, and body sizes. The HTTP float32 series and the usual status classes exist at zero from the start;
 * others are registered on first use, and their keys are bounded (two transports, a few precisions, six outcomes,
 * five status classes).
 */
final class RequestMeters {

    private static final String[] STATUS_CLASSES = {"2xx", "4xx", "5xx"};

    private final String model;
    private final MeterGroup group;
    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final DistributionSummary requestSize;
    private final DistributionSummary responseSize;

    RequestMeters(String model, MeterGroup group) {
        this.model = model;
        this.group = group;
        for (Outcome outcome : Outcome.values()) {
            duration(Transport.HTTP, MetricNames.DEFAULT_PRECISION, outcome);
        }
        for (String statusClass : STATUS_CLASSES) {
            requests(Transport.HTTP, statusClass);
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
        Counter counter = requests(transport, Outcome.statusClass(status));
        if (timer == null || counter == null || requestSize == null || responseSize == null) {
            return; // the model was unloaded while this request finished: its series are gone for good
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
        counter.increment();
        requestSize.record(requestBytes);
        responseSize.record(responseBytes);
    }

    private Timer duration(Transport transport, String precision, Outcome outcome) {
        String key = transport.label() + '/' + precision + '/' + outcome.label();
        Timer timer = durations.get(key);
        return timer != null ? timer : registered(durations, key, Histograms.timer(MetricNames.REQUEST_DURATION,
                "Time from an inference request's arrival to its response", Tags.of(MetricNames.MODEL, model,
                        MetricNames.TRANSPORT, transport.label(), MetricNames.PRECISION, precision,
                        MetricNames.OUTCOME, outcome.label()),
                HistogramBuckets.REQUEST_DURATION));
    }

    private Counter requests(Transport transport, String statusClass) {
        String key = transport.label() + '/' + statusClass;
        Counter counter = requests.get(key);
        return counter != null ? counter : registered(requests, key,
                registry -> Counter.builder(MetricNames.REQUESTS)
                        .description("Inference requests answered, by transport and status class")
                        .tags(MetricNames.MODEL, model, MetricNames.TRANSPORT, transport.label(),
                                MetricNames.STATUS, statusClass)
                        .register(registry));
    }

    /** Registers a meter on its first use and caches it; null once the group is closed. */
    private <M extends Meter> M registered(ConcurrentMap<String, M> cache, String key,
            Function<MeterRegistry, M> registration) {
        M meter = group.register(registration);
        if (meter != null) {
            cache.putIfAbsent(key, meter); // Micrometer gives the same meter for the same id: no race to lose
        }
        return meter;
    }
}

package io.edgeserve.metrics;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.ServedModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToLongFunction;

/**
 * One model's meters: its requests, what each precision variant's batcher reports ({@link BatchMeters}), and its
 * queue, workers and memory now. They exist at zero from the moment the model starts loading, so the first scrape
 * shows every series; a variant derived later adds its own batch series then.
 */
final class ModelMeters {

    private final String model;
    private final MeterGroup group;
    private final RequestMeters requests;
    private final ConcurrentMap<Precision, BatchMeters> variants = new ConcurrentHashMap<>();
    /** The model the gauges read; null while it loads. */
    private volatile ServedModel served;

    ModelMeters(String model, MeterRegistry registry) {
        Tags tags = Tags.of(MetricNames.MODEL, model);
        this.model = model;
        this.group = new MeterGroup(registry);
        this.requests = new RequestMeters(model, group);
        variant(Precision.FLOAT32);
        gauge(MetricNames.QUEUE_DEPTH, "Requests waiting for a batch", null, tags, ServedModel::queueDepth);
        gauge(MetricNames.WORKERS_BUSY, "Workers running a batch", null, tags, ServedModel::busyWorkers);
        gauge(MetricNames.SHAPE_CACHE_SHAPES, "Distinct input shapes the model keeps an executor for", null, tags,
                ServedModel::cachedShapes);
        group.register(r -> FunctionCounter.builder(MetricNames.SHAPE_CACHE_EVICTIONS, this,
                        meters -> meters.read(ServedModel::shapeEvictions))
                .description("Executors the model dropped to keep within its cap on input shapes")
                .tags(tags)
                .register(r));
        gauge(MetricNames.MODEL_MEMORY, "Memory the model takes while serving (parameters and the executors of the "
                + "input shapes it keeps), as counted against the memory budget", "bytes", tags, ServedModel::memoryBytes);
    }

    /** A gauge of the served model, 0 while it loads; it holds this object, which the model registry's map holds. */
    private void gauge(String name, String description, String baseUnit, Tags tags, ToLongFunction<ServedModel> value) {
        group.register(r -> Gauge.builder(name, this, meters -> meters.read(value))
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                .strongReference(true)
                .register(r));
    }

    /** The tag value of a rejection reason; a deadline passed in the queue is a {@code timeout}. */
    static String reasonLabel(Rejection reason) {
        return reason == Rejection.DEADLINE_EXCEEDED ? "timeout" : reason.name().toLowerCase(Locale.ROOT);
    }

    RequestMeters requests() {
        return requests;
    }

    /** The meters of one variant's batcher, created on first use. */
    BatchMeters variant(Precision precision) {
        return variants.computeIfAbsent(precision, p -> new BatchMeters(model, p.label(), group));
    }

    /** A variant's batcher is starting: what it reports counts only once that variant serves. */
    BatcherListener starting(Precision precision) {
        BatchMeters meters = variant(precision);
        meters.starting();
        return meters;
    }

    /** The model is ready: gauges read it (where given), and every variant's batcher counts from now on. */
    void serving(ServedModel model) {
        served = model;
        variants.values().forEach(BatchMeters::serving);
    }

    /** A variant was added to a serving model (a float16 variant derived on first use): it counts from now on. */
    void serving(Precision precision) {
        variant(precision).serving();
    }

    void close() {
        variants.values().forEach(BatchMeters::stopped);
        served = null;
        group.close();
    }

    private double read(ToLongFunction<ServedModel> value) {
        ServedModel model = served;
        return model == null ? 0 : value.applyAsLong(model);
    }
}

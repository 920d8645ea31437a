package io.edgeserve.metrics;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.registry.ServedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * One model's meters: its requests, what its batcher reports, and its queue, workers and memory now. All of them
 * exist at zero from the moment the model starts loading, so the first scrape shows every series. The batcher's
 * reports count only while the model is serving: the warm-up prediction at load is not traffic.
 */
final class ModelMeters implements BatcherListener {

    private final MeterGroup group;
    private final RequestMeters requests;
    private final Timer queueWait;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchRequests;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
    private final Counter engineFailures;
    /** The model the gauges read; null while it loads. */
    private volatile ServedModel served;
    private volatile boolean serving;

    ModelMeters(String model, MeterRegistry registry) {
        Tags tags = Tags.of(MetricNames.MODEL, model);
        this.group = new MeterGroup(registry);
        this.requests = new RequestMeters(model, group);
        this.queueWait = group.register(Histograms.timer(MetricNames.QUEUE_WAIT,
                "Time a request waited in its model's queue before a batch took it", tags,
                HistogramBuckets.QUEUE_WAIT));
        this.inference = group.register(Histograms.timer(MetricNames.INFERENCE_DURATION,
                "The engine's time for one batch", tags, HistogramBuckets.INFERENCE_DURATION));
        this.batchSize = group.register(Histograms.summary(MetricNames.BATCH_SIZE, "Rows in one engine batch", null,
                tags, HistogramBuckets.BATCH_SIZE));
        this.batchRequests = group.register(Histograms.summary(MetricNames.BATCH_REQUESTS,
                "Requests merged into one engine batch", null, tags, HistogramBuckets.BATCH_SIZE));
        for (Rejection reason : Rejection.values()) {
            rejections.put(reason, group.register(r -> Counter.builder(MetricNames.REJECTIONS)
                    .description("Requests answered without inference")
                    .tags(tags.and(MetricNames.REASON, reasonLabel(reason)))
                    .register(r)));
        }
        this.engineFailures = group.register(r -> Counter.builder(MetricNames.ENGINE_FAILURES)
                .description("Requests failed by the engine")
                .tags(tags)
                .register(r));
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

    /** The model is loading again: what its batcher reports counts only once it serves. */
    void starting() {
        serving = false;
    }

    /** The model is ready: gauges read it (where given), and its batcher's reports count from now on. */
    void serving(ServedModel model) {
        served = model;
        serving = true;
    }

    void close() {
        serving = false;
        served = null;
        group.close();
    }

    private double read(ToLongFunction<ServedModel> value) {
        ServedModel model = served;
        return model == null ? 0 : value.applyAsLong(model);
    }

    @Override
    public void batchRan(int rows, int requestCount, long engineNanos) {
        if (serving) {
            inference.record(engineNanos, TimeUnit.NANOSECONDS);
            batchSize.record(rows);
            batchRequests.record(requestCount);
        }
    }

    @Override
    public void queueWaited(long queueWaitNanos) {
        if (serving) {
            queueWait.record(queueWaitNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void rejected(Rejection reason) {
        if (serving) {
            rejections.get(reason).increment();
        }
    }

    @Override
    public void engineFailed(int requestCount, Throwable cause) {
        if (serving) {
            engineFailures.increment(requestCount); // 0 for a worker without a predictor: its callers count next
        }
    }
}

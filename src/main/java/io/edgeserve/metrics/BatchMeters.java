package io.edgeserve.metrics;

import io.edgeserve.batching.BatcherListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one precision variant's batcher reports, in series tagged by model and precision. Each variant has its own
 * batcher and so its own meters: deriving a float16 variant adds its series and leaves the float32 ones counting.
 * Reports count only while the variant serves: the warm-up prediction at load is not traffic.
 */
final class BatchMeters implements BatcherListener {

    private final Timer queueWait;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchRequests;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);
    private final Counter engineFailures;
    private volatile boolean serving;

    BatchMeters(String model, String precision, MeterGroup group) {
        Tags tags = Tags.of(MetricNames.MODEL, model, MetricNames.PRECISION, precision);
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
                    .tags(tags.and(MetricNames.REASON, ModelMeters.reasonLabel(reason)))
                    .register(r)));
        }
        this.engineFailures = group.register(r -> Counter.builder(MetricNames.ENGINE_FAILURES)
                .description("Requests failed by the engine")
                .tags(tags)
                .register(r));
    }

    /** The variant is loading (again): its batcher's reports count only once it serves. */
    void starting() {
        serving = false;
    }

    void serving() {
        serving = true;
    }

    void stopped() {
        serving = false;
    }

    @Override
    public void batchRan(int rows, int requestCount, long engineNanos) {
        if (serving && inference != null) {
            inference.record(engineNanos, TimeUnit.NANOSECONDS);
            batchSize.record(rows);
            batchRequests.record(requestCount);
        }
    }

    @Override
    public void queueWaited(long queueWaitNanos) {
        if (serving && queueWait != null) {
            queueWait.record(queueWaitNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void rejected(Rejection reason) {
        Counter counter = rejections.get(reason);
        if (serving && counter != null) {
            counter.increment();
        }
    }

    @Override
    public void engineFailed(int requestCount, Throwable cause) {
        if (serving && engineFailures != null) {
            engineFailures.increment(requestCount); // 0 for a worker without a predictor: its callers count next
        }
    }
}

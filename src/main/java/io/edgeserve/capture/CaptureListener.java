package io.edgeserve.capture;

import io.edgeserve.invocation.InvocationListener;
import io.edgeserve.invocation.InvocationRecord;
import io.edgeserve.model.ModelManifest;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Hands a sample of answered requests to the capture queue, whichever transport brought them; refused requests are
 * not captured. It runs on the request's thread, so it only decides and offers: {@code offer} is the one capacity
 * check, and a full queue drops the record (counted) rather than make the request wait.
 */
public final class CaptureListener implements InvocationListener {

    private final CaptureSettings defaults;
    private final Function<String, ModelManifest.CaptureOverrides> overrides;
    private final DoubleSupplier random;
    private final CaptureQueue queue;
    private final CaptureMetrics metrics;
    private final Runnable onCaptured;

    /**
     * @param overrides a model's manifest settings by the name that answered ({@code NAME} or {@code NAME:VERSION}),
     *                  or null where it has none
     * @param random    values in {@code [0, 1)}, for sampling
     */
    public CaptureListener(CaptureSettings defaults, Function<String, ModelManifest.CaptureOverrides> overrides,
            DoubleSupplier random, CaptureQueue queue, CaptureMetrics metrics) {
        this(defaults, overrides, random, queue, metrics, () -> {});
    }

    /**
     * @param onCaptured told after each record queued (it must not wait): starts the writer where capture was off by
     *                   default and a model's manifest turned it on
     */
    public CaptureListener(CaptureSettings defaults, Function<String, ModelManifest.CaptureOverrides> overrides,
            DoubleSupplier random, CaptureQueue queue, CaptureMetrics metrics, Runnable onCaptured) {
        this.defaults = defaults;
        this.overrides = overrides;
        this.random = random;
        this.queue = queue;
        this.metrics = metrics;
        this.onCaptured = onCaptured;
    }

    @Override
    public void completed(InvocationRecord record) {
        if (!record.answered() || record.requestBody() == null) {
            return;
        }
        CaptureSettings settings = defaults.with(overrides.apply(record.answer().model()));
        if (!settings.enabled() || !sampled(settings.samplingPercentage())) {
            return;
        }
        if (queue.offer(CaptureEvent.of(record, settings))) {
            onCaptured.run();
        } else {
            metrics.dropped(queue.isClosed() ? CaptureMetrics.SHUTDOWN : CaptureMetrics.QUEUE_FULL, 1);
        }
    }

    private boolean sampled(double percentage) {
        return percentage >= 100 || (percentage > 0 && random.getAsDouble() * 100 < percentage);
    }
}

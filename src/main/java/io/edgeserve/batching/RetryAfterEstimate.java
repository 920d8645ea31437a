package io.edgeserve.batching;

/**
 * Tells a refused client how many whole seconds to wait before retrying: about the time the workers need to work
 * off the queue, from recent batch times and sizes. Smoothed so that one slow batch does not swing it; always at
 * least 1 and at most the request timeout, past which a queued request would have expired anyway. Not thread-safe:
 * the scheduler's lock guards it.
 */
final class RetryAfterEstimate {

    /** Weight of the newest batch in the moving averages: recent load matters most, one outlier does not dominate. */
    private static final double NEWEST_WEIGHT = 0.2;
    private static final double NANOS_PER_SECOND = 1e9;

    private final int workers;
    private final int maxSeconds;
    private double batchNanos;
    private double requestsPerBatch;
    private boolean measured;

    RetryAfterEstimate(int workers, int maxSeconds) {
        this.workers = workers;
        this.maxSeconds = Math.max(1, maxSeconds);
    }

    void record(int requests, long engineNanos) {
        if (requests <= 0 || engineNanos < 0) {
            return;
        }
        if (!measured) {
            batchNanos = engineNanos;
            requestsPerBatch = requests;
            measured = true;
        } else {
            batchNanos += NEWEST_WEIGHT * (engineNanos - batchNanos);
            requestsPerBatch += NEWEST_WEIGHT * (requests - requestsPerBatch);
        }
    }

    /** Seconds until a queue of {@code queuedRequests} is likely worked off; 1 before any batch has run. */
    int seconds(int queuedRequests) {
        if (!measured) {
            return 1;
        }
        double batchesPerWorker = Math.ceil(queuedRequests / Math.max(1.0, requestsPerBatch)) / workers;
        double seconds = Math.ceil(batchesPerWorker * batchNanos / NANOS_PER_SECOND);
        return (int) Math.max(1, Math.min(maxSeconds, seconds));
    }
}

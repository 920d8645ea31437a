package io.edgeserve.metrics;

import java.time.Duration;

/**
 * The bucket bounds of each histogram, chosen for what it measures: a 2-core edge gateway answers small models in
 * well under a millisecond and large ones in seconds, a batch holds 1 to a few hundred rows, and a SageMaker body
 * is at most 6 MB. Explicit bounds keep every histogram to about 15 series per tag set, where Micrometer's
 * generic percentile buckets would give over 60.
 */
final class HistogramBuckets {

    private static final double KIB = 1024;

    /** A request end to end: 0.5 ms (a tiny model, no queue) to 30 s (a large batch behind a long queue). */
    static final Duration[] REQUEST_DURATION = durations(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30);

    /** Waiting for a batch: from nothing (an idle worker) through the batching delay (2 ms) to the timeout (60 s). */
    static final Duration[] QUEUE_WAIT = durations(0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    /** One engine batch: 0.1 ms (an MLP row) to 10 s (a large CNN batch on 2 cores). */
    static final Duration[] INFERENCE_DURATION = durations(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    /** Rows or requests in a batch: powers of two, as preferred batch sizes usually are, up to 256. */
    static final double[] BATCH_SIZE = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    /** Body sizes: 128 B (one JSON row) to 8 MiB (past SageMaker's 6 MB limit). */
    static final double[] BODY_BYTES = {128, 512, 2 * KIB, 8 * KIB, 32 * KIB, 128 * KIB, 512 * KIB, 1024 * KIB,
            2048 * KIB, 4096 * KIB, 6144 * KIB, 8192 * KIB};

    private HistogramBuckets() {}

    private static Duration[] durations(double... seconds) {
        Duration[] bounds = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            bounds[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return bounds;
    }
}

package io.edgeserve.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How one model's requests are batched; immutable and validated when built, so a batcher never meets a setting it
 * cannot honour.
 *
 * @param maxBatchSize the most rows a batch holds (a single request with more rows still runs, alone)
 * @param maxDelay how long the oldest waiting request may wait for others to join its batch while the workers
 *     are busy; zero never waits
 * @param preferredBatchSizes batch sizes, in rows, worth running as soon as they are reached (e.g. sizes the
 *     model was tuned for); may be empty; kept sorted and without duplicates
 * @param queueCapacity the most requests that may wait for a batch; beyond it requests are refused at once
 * @param timeout the default and longest time a request may wait for its answer; a request may only shorten it
 * @param workers the number of worker threads, each owning one runner (e.g. one DJL {@code Predictor})
 */
public record BatchingSettings(
        int maxBatchSize,
        Duration maxDelay,
        List<Integer> preferredBatchSizes,
        int queueCapacity,
        Duration timeout,
        int workers) {

    /**
     * Defaults for a CPU-bound MXNet model on a small machine:
     * <ul>
     *   <li>{@code maxBatchSize 32}: on CPU, throughput gains flatten out around 16 to 32 rows, while the merged
     *       tensor and the batch's latency keep growing;</li>
     *   <li>{@code maxDelay 0}: run with whatever has queued; requests still merge, because they queue up behind
     *       busy workers. Measured on resnet20 with clients that wait for each answer (as SageMaker's do), 2 ms
     *       left a free worker idle for nothing: 1,731 against 2,408 requests/s at 8 clients, below even no
     *       batching (docs/performance.md). A delay pays off only when requests arrive on their own clock;</li>
     *   <li>{@code queueCapacity 256}: a few seconds of work at CPU throughput and bounded payload memory
     *       (256 images of 224x224x3 float32 are about 150 MB); past that a quick 503 with Retry-After serves a
     *       client better than a long wait;</li>
     *   <li>{@code timeout 60s}: SageMaker gives up on a real-time invocation after 60 s, so past that no client
     *       is waiting for the answer;</li>
     *   <li>{@code workers 2}: one batch runs while the other worker merges or splits the next, without
     *       oversubscribing a small CPU; tune together with {@code OMP_NUM_THREADS}.</li>
     * </ul>
     */
    public static final BatchingSettings DEFAULTS =
            new BatchingSettings(32, Duration.ZERO, List.of(), 256, Duration.ofSeconds(60), 2);

    public BatchingSettings {
        require(maxBatchSize >= 1, "maxBatchSize must be at least 1, was " + maxBatchSize);
        require(maxDelay != null, "maxDelay must be set");
        require(!maxDelay.isNegative(), "maxDelay must not be negative, was " + maxDelay);
        preferredBatchSizes = sortedSizes(preferredBatchSizes, maxBatchSize);
        require(queueCapacity >= 1, "queueCapacity must be at least 1, was " + queueCapacity);
        require(timeout != null, "timeout must be set");
        require(timeout.isPositive(), "timeout must be positive, was " + timeout);
        require(fitsInNanos(timeout), "timeout must fit in a long of nanoseconds, was " + timeout);
        // A request that waits the whole delay would otherwise always expire first.
        require(maxDelay.compareTo(timeout) < 0,
                "maxDelay (" + maxDelay + ") must be shorter than timeout (" + timeout + ")");
        require(workers >= 1, "workers must be at least 1, was " + workers);
    }

    public BatchingSettings withMaxBatchSize(int maxBatchSize) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    public BatchingSettings withMaxDelay(Duration maxDelay) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    public BatchingSettings withPreferredBatchSizes(List<Integer> preferredBatchSizes) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    public BatchingSettings withQueueCapacity(int queueCapacity) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    public BatchingSettings withTimeout(Duration timeout) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    public BatchingSettings withWorkers(int workers) {
        return new BatchingSettings(maxBatchSize, maxDelay, preferredBatchSizes, queueCapacity, timeout, workers);
    }

    private static List<Integer> sortedSizes(List<Integer> sizes, int maxBatchSize) {
        require(sizes != null, "preferredBatchSizes must be set (empty for none)");
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer size : sizes) {
            require(size != null && size >= 1 && size <= maxBatchSize,
                    "preferredBatchSizes must lie between 1 and maxBatchSize (" + maxBatchSize + "), got " + size);
            sorted.add(size);
        }
        return List.copyOf(new ArrayList<>(sorted));
    }

    private static boolean fitsInNanos(Duration duration) {
        try {
            duration.toNanos();
            return true;
        } catch (ArithmeticException tooLong) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

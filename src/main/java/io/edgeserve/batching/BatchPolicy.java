package io.edgeserve.batching;

import java.util.List;

/**
 * Decides whether the next batch runs now or waits, from the queue's state and the time alone: a pure function with
 * no clock, lock or thread (Triton's dynamic batcher decides in the same single step), so every rule is testable
 * without threads. The delay belongs to the oldest pending request: none waits for company longer than maxDelay.
 */
final class BatchPolicy {

    /** What a free worker should do next. */
    sealed interface Decision {

        /** Form a batch now from the head of the queue, of at most {@code maxRows} rows (the head always goes). */
        record Run(int maxRows) implements Decision {
        }

        /** Nothing to run yet: decide again after {@code waitNanos}, or sooner if the queue changes. */
        record Wait(long waitNanos) implements Decision {
        }

        /** Nothing can run until a request arrives or a worker frees up. */
        record Idle() implements Decision {
        }
    }

    private static final Decision IDLE = new Decision.Idle();

    private final int maxBatchSize;
    private final long maxDelayNanos;
    /** Largest first, so the first that fits is the one to run. */
    private final int[] preferredSizesDescending;

    BatchPolicy(int maxBatchSize, long maxDelayNanos, List<Integer> preferredBatchSizes) {
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelayNanos;
        this.preferredSizesDescending = preferredBatchSizes.stream()
                .mapToInt(Integer::intValue)
                .map(size -> -size).sorted().map(size -> -size)
                .toArray();
    }

    static BatchPolicy of(BatchingSettings settings) {
        return new BatchPolicy(settings.maxBatchSize(), settings.maxDelay().toNanos(), settings.preferredBatchSizes());
    }

    /**
     * Whether a new request may run at once on its caller's thread, as a batch of one, with the runner of a worker
     * that lends it: only when nothing is queued and no worker is busy. Such a request has nobody to batch with (the
     * policy would run it alone at once anyway), and the hand-off to a worker thread and back would only add CPU
     * and latency. Under load requests queue behind busy workers and batch as before.
     *
     * @param queuedRequests requests waiting in the queue
     * @param busyWorkers workers running a batch, lent ones included
     * @param lendableWorkers idle workers whose runner is ready
     */
    static boolean runsOnCaller(int queuedRequests, int busyWorkers, int lendableWorkers) {
        return queuedRequests == 0 && busyWorkers == 0 && lendableWorkers > 0;
    }

    /**
     * Decides for the batch that would start at the head of the queue.
     *
     * @param pendingRows rows waiting that could share the head request's batch
     * @param idleWorkers workers free to run a batch
     * @param busyWorkers workers running a batch; none busy means there is no load to batch against
     * @param oldestEnqueueNanos when the head request was enqueued, on the batcher's ticker
     * @param nowNanos the ticker's reading now
     */
    Decision decide(int pendingRows, int idleWorkers, int busyWorkers, long oldestEnqueueNanos, long nowNanos) {
        if (pendingRows <= 0 || idleWorkers <= 0) {
            return IDLE;
        }
        if (pendingRows >= maxBatchSize) {
            return new Decision.Run(maxBatchSize);
        }
        // A difference of readings, never a comparison of them: the ticker may wrap around.
        long untilDueNanos = oldestEnqueueNanos + maxDelayNanos - nowNanos;
        if (untilDueNanos <= 0 || busyWorkers == 0) {
            // Due, or the system is idle: waiting for company would only add latency at low load.
            return new Decision.Run(pendingRows);
        }
        for (int preferred : preferredSizesDescending) {
            if (preferred <= pendingRows) {
                return new Decision.Run(preferred);
            }
        }
        return new Decision.Wait(untilDueNanos);
    }
}

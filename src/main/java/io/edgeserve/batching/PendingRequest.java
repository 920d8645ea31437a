package io.edgeserve.batching;

import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.problem.ProblemException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One accepted request on its way through the batcher. Its future is completed exactly once, by whoever gets there
 * first (a worker, the deadline sweep, shutdown, or the caller cancelling); later attempts are no-ops.
 */
final class PendingRequest<I, O> {

    private final I input;
    private final int rows;
    private final Object key;
    private final long enqueueNanos;
    private final long deadlineNanos;
    private final CompletableFuture<O> future;
    /** Written under the scheduler's lock; read without it only to skip taking the lock. */
    private volatile boolean queued;

    PendingRequest(I input, int rows, Object key, long enqueueNanos, long deadlineNanos, CompletableFuture<O> future) {
        this.input = input;
        this.rows = rows;
        this.key = key;
        this.enqueueNanos = enqueueNanos;
        this.deadlineNanos = deadlineNanos;
        this.future = future;
    }

    /** Fails every request not already completed, telling the listener about each one this call completed. */
    static void rejectAll(List<? extends PendingRequest<?, ?>> requests, Supplier<ProblemException> problem,
            Rejection reason, BatcherListener listener) {
        for (PendingRequest<?, ?> request : requests) {
            if (request.fail(problem.get())) {
                listener.rejected(reason);
            }
        }
    }

    I input() {
        return input;
    }

    int rows() {
        return rows;
    }

    Object key() {
        return key;
    }

    long enqueueNanos() {
        return enqueueNanos;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** At its deadline or later; a difference of readings, as the ticker may wrap around. */
    boolean isExpired(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    /** Answered already, typically because its caller cancelled: nobody wants it run any more. */
    boolean isDone() {
        return future.isDone();
    }

    boolean isQueued() {
        return queued;
    }

    void markQueued(boolean queued) {
        this.queued = queued;
    }

    void complete(O output) {
        future.complete(output);
    }

    boolean fail(Throwable problem) {
        return future.completeExceptionally(problem);
    }
}

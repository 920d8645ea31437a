package io.edgeserve.batching;

/**
 * What the batcher tells metrics about its work; every method does nothing unless overridden. Called from worker,
 * deadline and submitting threads, never under the batcher's lock, so implementations must be thread-safe and
 * quick. An exception thrown here is logged and otherwise ignored: metrics never fail a request.
 */
public interface BatcherListener {

    /** The listener that ignores everything. */
    BatcherListener NONE = new BatcherListener() {
    };

    /** Why a request was answered without inference. */
    enum Rejection {
        /** The queue was full when the request arrived. */
        QUEUE_FULL,
        /** The request's deadline passed before a batch took it. */
        DEADLINE_EXCEEDED,
        /** The batcher was shutting down, or shut down with the request still waiting or running. */
        SHUTTING_DOWN
    }

    /** A batch ran successfully: its total rows, how many requests shared it, and the engine's time for it. */
    default void batchRan(int rows, int requests, long engineNanos) {
    }

    /** A request left the queue for a batch after waiting this long since it was submitted. */
    default void queueWaited(long queueWaitNanos) {
    }

    /** A request was answered with a failure without being run. */
    default void rejected(Rejection reason) {
    }

    /**
     * The engine failed: a batch's runner threw, or a worker could not create its runner. {@code requests} is how
     * many callers got {@code ENGINE_FAILURE} (0 when creating a runner failed before any request came).
     */
    default void engineFailed(int requests, Throwable cause) {
    }
}

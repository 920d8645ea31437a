package io.edgeserve.batching;

import java.lang.System.Logger.Level;

/** Shields the batcher from its listener: a bug in metrics must never fail a request or end a worker. */
final class SafeListener implements BatcherListener {

    private static final System.Logger LOG = System.getLogger(SafeListener.class.getName());

    private final BatcherListener delegate;

    SafeListener(BatcherListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void batchRan(int rows, int requests, long engineNanos) {
        guard(() -> delegate.batchRan(rows, requests, engineNanos));
    }

    @Override
    public void queueWaited(long queueWaitNanos) {
        guard(() -> delegate.queueWaited(queueWaitNanos));
    }

    @Override
    public void rejected(Rejection reason) {
        guard(() -> delegate.rejected(reason));
    }

    @Override
    public void engineFailed(int requests, Throwable cause) {
        guard(() -> delegate.engineFailed(requests, cause));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Batcher listener failed; ignored", e);
        }
    }
}

package io.edgeserve.batching;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Remembers what the batcher reported, for tests. */
final class RecordingListener implements BatcherListener {

    record BatchRan(int rows, int requests, long engineNanos) {
    }

    private final Queue<BatchRan> batches = new ConcurrentLinkedQueue<>();
    private final Queue<Long> queueWaits = new ConcurrentLinkedQueue<>();
    private final Queue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> engineFailures = new ConcurrentLinkedQueue<>();

    @Override
    public void batchRan(int rows, int requests, long engineNanos) {
        batches.add(new BatchRan(rows, requests, engineNanos));
    }

    @Override
    public void queueWaited(long queueWaitNanos) {
        queueWaits.add(queueWaitNanos);
    }

    @Override
    public void rejected(Rejection reason) {
        rejections.add(reason);
    }

    @Override
    public void engineFailed(int requests, Throwable cause) {
        engineFailures.add(requests);
    }

    List<BatchRan> batches() {
        return List.copyOf(batches);
    }

    List<Long> queueWaits() {
        return List.copyOf(queueWaits);
    }

    List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    List<Integer> engineFailures() {
        return List.copyOf(engineFailures);
    }
}

package io.edgeserve.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bounded FIFO of requests waiting for a batch. {@link #offer} is its only capacity check, so admission cannot
 * race with another submitter. Not thread-safe: the scheduler's lock guards it.
 */
final class RequestQueue<I, O> {

    private final int capacity;
    private final ArrayDeque<PendingRequest<I, O>> fifo = new ArrayDeque<>();
    /** Rows waiting per compatibility key, so the rows that could join the head's batch are known without a scan. */
    private final Map<Object, Long> rowsByKey = new HashMap<>();

    RequestQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Appends the request unless the queue is full; false means it was refused and nothing changed. */
    boolean offer(PendingRequest<I, O> request) {
        if (fifo.size() >= capacity) {
            return false;
        }
        fifo.addLast(request);
        rowsByKey.merge(request.key(), (long) request.rows(), Long::sum);
        request.markQueued(true);
        return true;
    }

    int size() {
        return fifo.size();
    }

    boolean isEmpty() {
        return fifo.isEmpty();
    }

    /** The oldest waiting request, or null. */
    PendingRequest<I, O> head() {
        return fifo.peekFirst();
    }

    /** Rows of all waiting requests that could share a batch with the head, saturated at Integer.MAX_VALUE. */
    int rowsCompatibleWithHead() {
        PendingRequest<I, O> head = fifo.peekFirst();
        return head == null ? 0 : (int) Math.min(Integer.MAX_VALUE, rowsByKey.get(head.key()));
    }

    /**
     * Removes the next batch: the oldest live request and, after it in queue order, the requests with its key while
     * their rows fit in {@code maxRows}. It stops at the first compatible request that does not fit, so compatible
     * requests keep their order, and incompatible ones keep their place for a later batch. The first request goes
     * even if it alone exceeds {@code maxRows}: a request is never split across batches. Requests found expired on
     * the way are moved to {@code expired} so they are never run; cancelled ones are dropped.
     */
    List<PendingRequest<I, O>> takeBatch(int maxRows, long nowNanos, List<PendingRequest<I, O>> expired) {
        List<PendingRequest<I, O>> batch = new ArrayList<>();
        Object key = null;
        long rows = 0;
        for (Iterator<PendingRequest<I, O>> it = fifo.iterator(); it.hasNext() && rows < maxRows; ) {
            PendingRequest<I, O> request = it.next();
            if (request.isDone() || request.isExpired(nowNanos)) {
                it.remove();
                forget(request);
                if (!request.isDone()) {
                    expired.add(request);
                }
                continue;
            }
            if (key == null) {
                key = request.key();
            } else if (!key.equals(request.key())) {
                continue;
            } else if (rows + request.rows() > maxRows) {
                break;
            }
            it.remove();
            forget(request);
            batch.add(request);
            rows += request.rows();
        }
        return batch;
    }

    /** Removes the request if it is still waiting (its caller gave up); false if it had left already. */
    boolean remove(PendingRequest<I, O> request) {
        if (!fifo.remove(request)) {
            return false;
        }
        forget(request);
        return true;
    }

    /** Removes and returns every request at or past its deadline. */
    List<PendingRequest<I, O>> removeExpired(long nowNanos) {
        List<PendingRequest<I, O>> expired = new ArrayList<>();
        for (Iterator<PendingRequest<I, O>> it = fifo.iterator(); it.hasNext(); ) {
            PendingRequest<I, O> request = it.next();
            if (request.isExpired(nowNanos)) {
                it.remove();
                forget(request);
                expired.add(request);
            }
        }
        return expired;
    }

    /** The waiting request whose deadline comes first, or null; deadlines differ as callers may shorten them. */
    PendingRequest<I, O> earliestDeadline() {
        PendingRequest<I, O> earliest = null;
        for (PendingRequest<I, O> request : fifo) {
            if (earliest == null || request.deadlineNanos() - earliest.deadlineNanos() < 0) {
                earliest = request;
            }
        }
        return earliest;
    }

    /** Removes and returns everything, oldest first. */
    List<PendingRequest<I, O>> removeAll() {
        List<PendingRequest<I, O>> all = new ArrayList<>(fifo);
        all.forEach(this::forget);
        fifo.clear();
        return all;
    }

    private void forget(PendingRequest<I, O> request) {
        request.markQueued(false);
        rowsByKey.computeIfPresent(request.key(), (key, rows) -> rows == request.rows() ? null : rows - request.rows());
    }
}

package io.edgeserve.capture;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded FIFO queue between the request path and the capture writer. {@link #offer} is the one capacity check
 * and never waits. It wakes the writer once per {@code wakeEvery} records, never once per record: the writer drains
 * in batches on its own timer, so a busy service does not pay a thread wake-up (a futex call and a context switch on
 * a 2-core gateway) for every captured request. The threshold only keeps a burst from filling the queue between two
 * timed drains.
 */
public final class CaptureQueue {

    private final ArrayBlockingQueue<CaptureEvent> events;
    private final int capacity;
    private final int wakeEvery;
    private final AtomicLong accepted = new AtomicLong();
    private volatile Thread consumer;
    private volatile boolean closed;

    /** A queue that wakes its consumer after each quarter of its capacity. */
    public CaptureQueue(int capacity) {
        this(capacity, Math.max(1, capacity / 4));
    }

    CaptureQueue(int capacity, int wakeEvery) {
        if (capacity < 1 || wakeEvery < 1) {
            throw new IllegalArgumentException("a capture queue holds at least one record");
        }
        this.events = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.wakeEvery = wakeEvery;
    }

    /** Adds {@code event} if there is room; false (at once) where the queue is full or closed. */
    public boolean offer(CaptureEvent event) {
        if (closed || !events.offer(event)) {
            return false;
        }
        if (accepted.incrementAndGet() % wakeEvery == 0) {
            Thread waiting = consumer;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
        return true;
    }

    /**
     * Parks the consumer's thread for at most {@code maxNanos}, less where {@code wakeEvery} records arrive first
     * (or spuriously: the caller drains whatever is there, which may be nothing).
     */
    public void awaitRecords(long maxNanos) {
        consumer = Thread.currentThread();
        if (events.size() < wakeEvery) {
            LockSupport.parkNanos(this, maxNanos);
        }
    }

    /**
     * Takes no more records, and hands back those still queued (offered after the consumer's last drain), for the
     * caller to count: after this, nothing offered is kept without being counted.
     */
    java.util.List<CaptureEvent> close() {
        closed = true;
        java.util.List<CaptureEvent> left = new java.util.ArrayList<>();
        events.drainTo(left);
        return left;
    }

    boolean isClosed() {
        return closed;
    }

    /** Wakes the consumer now (to stop it). */
    void wake() {
        Thread waiting = consumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Moves at most {@code max} records, oldest first, into {@code into}; how many it moved. */
    public int drainTo(Collection<? super CaptureEvent> into, int max) {
        return events.drainTo(into, max);
    }

    /** The oldest record, or null. */
    public CaptureEvent poll() {
        return events.poll();
    }

    public int size() {
        return events.size();
    }

    public int capacity() {
        return capacity;
    }
}

package io.edgeserve.batching;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An echo model with knobs (djl-serving's EchoTranslator): it can hold batches in the engine until released, and
 * fail the next batch. Tests wait on its latches, never on the clock.
 */
final class FakeModel implements Supplier<BatchRunner<Payload, List<String>>> {

    static final long WAIT_SECONDS = 10;

    /** Every batch the engine was given, in order. */
    private final Queue<Payload> batches = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Payload> entered = new LinkedBlockingQueue<>();
    private final AtomicReference<Exception> nextFailure = new AtomicReference<>();
    private final Set<String> runnerThreads = ConcurrentHashMap.newKeySet();
    /** A batch the engine was given and the name of the thread that ran it. */
    record Ran(Payload batch, String thread) {
    }

    /** Every batch with the thread it ran on, in the order batches entered the engine. */
    private final Queue<Ran> runs = new ConcurrentLinkedQueue<>();
    /** Times a runner was entered by a thread while another was still in it: must stay zero. */
    private final AtomicInteger overlaps = new AtomicInteger();
    private final Semaphore created = new Semaphore(0);
    private final Semaphore closed = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** Batches entering the engine from now on stay there until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    void failNextBatch(Exception failure) {
        nextFailure.set(failure);
    }

    /** Waits for the next batch to enter the engine and returns it. */
    Payload awaitEntered() throws InterruptedException {
        Payload batch = entered.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(batch, "no batch reached the engine");
        return batch;
    }

    List<Payload> batches() {
        return List.copyOf(batches);
    }

    /** Whether the engine ever saw this row. */
    boolean saw(String row) {
        return batches.stream().anyMatch(batch -> batch.rows().contains(row));
    }

    List<Ran> runs() {
        return List.copyOf(runs);
    }

    int overlaps() {
        return overlaps.get();
    }

    Set<String> runnerThreads() {
        return Set.copyOf(runnerThreads);
    }

    void awaitCreated(int runners) throws InterruptedException {
        assertTrue(created.tryAcquire(runners, WAIT_SECONDS, TimeUnit.SECONDS), "runners were not created");
    }

    /** Runners closed so far and not yet awaited by {@link #awaitClosed}. */
    int closedRunners() {
        return closed.availablePermits();
    }

    void awaitClosed(int runners) throws InterruptedException {
        assertTrue(closed.tryAcquire(runners, WAIT_SECONDS, TimeUnit.SECONDS), "runners were not closed");
    }

    @Override
    public BatchRunner<Payload, List<String>> get() {
        runnerThreads.add(Thread.currentThread().getName());
        created.release();
        AtomicInteger inside = new AtomicInteger();
        return new BatchRunner<>() {
            @Override
            public List<String> run(Payload batch) throws Exception {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    runs.add(new Ran(batch, Thread.currentThread().getName()));
                    batches.add(batch);
                    entered.add(batch);
                    Exception failure = nextFailure.getAndSet(null);
                    gate.await();
                    if (failure != null) {
                        throw failure;
                    }
                    Thread.yield(); // give another thread the chance to enter this runner, were that possible
                    return batch.echo();
                } finally {
                    inside.decrementAndGet();
                }
            }

            @Override
            public void close() {
                closed.release();
            }
        };
    }
}

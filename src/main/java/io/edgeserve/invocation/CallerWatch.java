package io.edgeserve.invocation;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the callers of requests waiting for the engine, and cancels the request of a caller that has gone, so
 * that the batcher drops it before inference. One sweep per check interval serves every waiting request, and none
 * runs while nothing waits.
 *
 * <p>Why not a timed wait per request: a virtual thread that parks with a timeout has a timer task scheduled and
 * cancelled around it, and each of those wakes the JDK's delay scheduler thread. At 32 clients that was two thread
 * wake-ups per request (profile of linreg JSON at c=32: the largest source of {@code pthread_cond_signal}). Here
 * a request waits without a timeout and costs an add to and a remove from a set; the sweep wakes at most once per
 * interval.
 */
final class CallerWatch {

    /** One waiting request; {@code abandoned} once the sweep cancelled it because its caller had gone. */
    static final class Waiting {

        private final CompletableFuture<?> pending;
        private final ClientConnection client;
        private final long sinceNanos;
        private volatile boolean abandoned;

        private Waiting(CompletableFuture<?> pending, ClientConnection client, long sinceNanos) {
            this.pending = pending;
            this.client = client;
            this.sinceNanos = sinceNanos;
        }

        boolean abandoned() {
            return abandoned;
        }
    }

    private final long intervalNanos;
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweepPlanned = new AtomicBoolean();
    private final ScheduledExecutorService sweeps;

    CallerWatch(Duration interval) {
        this.intervalNanos = interval.toNanos();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("edgeserve-caller-watch").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        this.sweeps = executor;
    }

    /** Watches the caller of {@code pending} until {@link #release}; its first check comes an interval from now. */
    Waiting watch(CompletableFuture<?> pending, ClientConnection client) {
        Waiting entry = new Waiting(pending, client, System.nanoTime());
        waiting.add(entry);
        planSweep();
        return entry;
    }

    void release(Waiting entry) {
        waiting.remove(entry);
    }

    private void planSweep() {
        if (sweepPlanned.compareAndSet(false, true)) {
            sweeps.schedule(this::sweep, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void sweep() {
        sweepPlanned.set(false);
        long nowNanos = System.nanoTime();
        for (Waiting entry : waiting) {
            // A check may read the kernel's connection table: only requests that waited a whole interval are asked.
            if (nowNanos - entry.sinceNanos >= intervalNanos && !entry.pending.isDone() && gone(entry.client)) {
                entry.abandoned = true;
                if (!entry.pending.cancel(false)) {
                    entry.abandoned = false; // answered meanwhile: the caller gets it, or its write fails
                }
            }
        }
        if (!waiting.isEmpty()) {
            planSweep();
        }
    }

    private static boolean gone(ClientConnection client) {
        try {
            return client.gone();
        } catch (RuntimeException e) {
            return false; // a check that fails says nothing: the caller is taken to be there
        }
    }
}

package io.edgeserve.batching;

import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.problem.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Merges concurrent requests for one model into batches and runs them on a fixed set of worker threads, each owning
 * its own runner. Every request's future completes exactly once: with its own rows of the batch's output, or with a
 * {@link ProblemException} (queue full, deadline exceeded, engine failure, shutting down). {@code submit} never
 * throws for those: failures always arrive through the future, at once when the request is refused on arrival.
 *
 * <p>Futures are completed on the batcher's threads: callers should attach heavy work with the {@code *Async}
 * methods so as not to hold up the next batch.
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /**
     * How long shutdown still waits, after its grace period, for workers to come back from the engine and close
     * their runners: their callers have been answered by then, so this only bounds how long shutdown blocks.
     */
    static final Duration WORKER_EXIT_ALLOWANCE = Duration.ofSeconds(5);

    private final String name;
    private final BatchingSettings settings;
    private final BatchRows<I, O> rows;
    private final Ticker ticker;
    private final BatcherListener listener;
    private final BatchScheduler<I, O> scheduler;
    private final List<Thread> workers = new ArrayList<>();
    private final Thread deadlineSweep;

    private DynamicBatcher(String name, BatchingSettings settings, BatchRows<I, O> rows,
            Supplier<? extends BatchRunner<I, O>> runners, Ticker ticker, BatcherListener listener) {
        this.name = name;
        this.settings = settings;
        this.rows = rows;
        this.ticker = ticker;
        this.listener = new SafeListener(listener);
        this.scheduler = new BatchScheduler<>(settings, ticker);
        // Daemon threads: shutdown() is how a batcher ends; a forgotten one must not keep the JVM alive.
        for (int i = 0; i < settings.workers(); i++) {
            BatchWorker<I, O> worker = new BatchWorker<>(name, scheduler, rows, runners, ticker, this.listener);
            workers.add(Thread.ofPlatform().name("batcher-" + name + "-" + i).daemon(true).unstarted(worker));
        }
        this.deadlineSweep = Thread.ofPlatform().name("batcher-" + name + "-deadlines").daemon(true)
                .unstarted(this::sweepDeadlines);
    }

    /**
     * Starts a batcher and its threads: {@code settings.workers()} workers named {@code batcher-<name>-<i>}, and one
     * {@code batcher-<name>-deadlines} that answers requests whose deadline passes while they wait. Each worker
     * calls {@code runners} once, on its own thread, as it starts (and again before a batch if that failed), and
     * closes its runner on that thread when it ends.
     */
    public static <I, O> DynamicBatcher<I, O> start(String name, BatchingSettings settings, BatchRows<I, O> rows,
            Supplier<? extends BatchRunner<I, O>> runners, Ticker ticker, BatcherListener listener) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a batcher needs a name, for its threads and logs");
        }
        DynamicBatcher<I, O> batcher = new DynamicBatcher<>(name, Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(rows, "rows"), Objects.requireNonNull(runners, "runners"),
                Objects.requireNonNull(ticker, "ticker"), Objects.requireNonNull(listener, "listener"));
        batcher.workers.forEach(Thread::start);
        batcher.deadlineSweep.start();
        return batcher;
    }

    /** Starts a batcher on the system clock, with no listener. */
    public static <I, O> DynamicBatcher<I, O> start(String name, BatchingSettings settings, BatchRows<I, O> rows,
            Supplier<? extends BatchRunner<I, O>> runners) {
        return start(name, settings, rows, runners, Ticker.system(), BatcherListener.NONE);
    }

    /** Submits with the default timeout, {@link BatchingSettings#timeout()}. */
    public CompletableFuture<O> submit(I input) {
        return submit(input, null);
    }

    /**
     * Queues the input for a batch and returns its answer to be. A refused request gets a future already failed
     * with a {@link ProblemException}: {@code QUEUE_FULL} (with a {@code retryAfterSeconds} property),
     * {@code SHUTTING_DOWN}, {@code DEADLINE_EXCEEDED} for a timeout of zero or less, or {@code INVALID_REQUEST}
     * for an input without rows. Cancelling the future withdraws the request; it then costs no inference.
     *
     * @param timeout how long the caller will wait; null, or longer than the default, means the default
     */
    public CompletableFuture<O> submit(I input, Duration timeout) {
        return accept(input, timeout, false);
    }

    /**
     * As {@link #submit(Object, Duration)}, except that a lone request (nothing queued, no worker busy) runs at once
     * on the calling thread, as a batch of one, with the runner of an idle worker that lends it for the time: the
     * returned future is then complete, and the request paid for no hand-off to a worker thread and back. Under load
     * the request is queued and batched as {@code submit} does. For callers that would block on the answer anyway,
     * and whose thread may run the engine (a request's thread; not a thread that must stay responsive).
     */
    public CompletableFuture<O> runOrSubmit(I input, Duration timeout) {
        return accept(input, timeout, true);
    }

    private CompletableFuture<O> accept(I input, Duration timeout, boolean mayRunHere) {
        Objects.requireNonNull(input, "input");
        CompletableFuture<O> future = new CompletableFuture<>();
        int requestRows = rows.rows(input);
        if (requestRows < 1) {
            future.completeExceptionally(Problems.noRows(requestRows));
            return future;
        }
        if (timeout != null && !timeout.isPositive()) {
            reject(future, Problems.deadlineExceeded());
            return future;
        }
        long nowNanos = ticker.nanoTime();
        Duration effectiveTimeout =
                timeout == null || timeout.compareTo(settings.timeout()) > 0 ? settings.timeout() : timeout;
        long timeoutNanos = effectiveTimeout.toNanos();
        Object key = Objects.requireNonNull(rows.compatibilityKey(input), "compatibilityKey");
        PendingRequest<I, O> request =
                new PendingRequest<>(input, requestRows, key, nowNanos, nowNanos + timeoutNanos, future);
        try {
            BatchScheduler.Batch<I, O> lent = mayRunHere ? scheduler.lend(request) : null;
            if (lent != null) {
                lent.lentFrom().runLent(lent);
                return future;
            }
            scheduler.enqueue(request);
        } catch (ProblemException refused) {
            reject(future, refused);
            return future;
        }
        // A caller that gives up (cancel, its own timeout) frees the request's place in the queue at once.
        future.whenComplete((output, failure) -> {
            if (failure != null) {
                scheduler.withdraw(request);
            }
        });
        return future;
    }

    public String name() {
        return name;
    }

    public BatchingSettings settings() {
        return settings;
    }

    /** Requests waiting for a batch. */
    public int queueDepth() {
        return scheduler.queueDepth();
    }

    /** Idle workers whose runner a lone request could borrow now ({@link #runOrSubmit}). */
    public int lendableWorkers() {
        return scheduler.lendableWorkers();
    }

    /** Workers running a batch right now. */
    public int busyWorkers() {
        return scheduler.busyWorkers();
    }

    /** True once shutdown has begun: from then on every submit fails with {@code SHUTTING_DOWN}. */
    public boolean isShutdown() {
        return scheduler.isShutdown();
    }

    /**
     * Stops accepting requests, lets the workers finish the queued ones for up to {@code grace} (without waiting for
     * batches to fill), then fails whatever is left, waiting or running, with {@code SHUTTING_DOWN}, interrupts
     * workers still in the engine, and waits for the threads to end and close their runners. Every accepted future
     * is complete when this returns. Blocks for at most {@code grace} plus {@link #WORKER_EXIT_ALLOWANCE}; safe to
     * call more than once.
     *
     * @return true if every thread ended, false if a worker is still stuck in the engine (it closes its runner when
     *     the engine lets go)
     */
    public boolean shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        long graceNanos = grace.isNegative() ? 0 : saturatedNanos(grace);
        List<PendingRequest<I, O>> left = scheduler.shutdown(graceNanos);
        PendingRequest.rejectAll(left, Problems::shuttingDown, Rejection.SHUTTING_DOWN, listener);
        if (scheduler.busyWorkers() > 0) {
            workers.forEach(Thread::interrupt); // a runner blocked interruptibly may let go; idle workers just leave
        }
        return joinThreads();
    }

    /** Shuts down without grace: waiting and running requests fail with {@code SHUTTING_DOWN}. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** Answers the waiting requests at or past their deadline now; the deadline sweep does this on time by itself. */
    void expireOverdue() {
        PendingRequest.rejectAll(scheduler.removeExpired(), Problems::deadlineExceeded, Rejection.DEADLINE_EXCEEDED,
                listener);
    }

    private void sweepDeadlines() {
        for (var expired = scheduler.awaitExpired(); expired != null; expired = scheduler.awaitExpired()) {
            PendingRequest.rejectAll(expired, Problems::deadlineExceeded, Rejection.DEADLINE_EXCEEDED, listener);
        }
    }

    private void reject(CompletableFuture<O> future, ProblemException problem) {
        future.completeExceptionally(problem);
        listener.rejected(switch (problem.type()) {
            case QUEUE_FULL -> Rejection.QUEUE_FULL;
            case DEADLINE_EXCEEDED -> Rejection.DEADLINE_EXCEEDED;
            default -> Rejection.SHUTTING_DOWN;
        });
    }

    private boolean joinThreads() {
        long endNanos = ticker.nanoTime() + WORKER_EXIT_ALLOWANCE.toNanos();
        List<Thread> threads = new ArrayList<>(workers);
        threads.add(deadlineSweep);
        boolean allEnded = true;
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue; // shut down from a callback on one of our own threads: it ends when the callback returns
            }
            long remainingNanos = Math.max(0, endNanos - ticker.nanoTime());
            try {
                allEnded &= thread.join(Duration.ofNanos(remainingNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return allEnded;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

package io.edgeserve.batching;

import io.edgeserve.batching.BatchPolicy.Decision;
import io.edgeserve.problem.ProblemException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batcher's shared state behind one lock: the queue, the busy workers and the lifecycle. Workers block in
 * {@link #nextBatch()}, which only asks the {@link BatchPolicy} and then waits or hands out a batch; the deadline
 * sweep blocks in {@link #awaitExpired()}. It never completes a future itself, because completing one runs the
 * caller's callbacks, which must not run under the lock: it hands the requests back to be answered outside it.
 *
 * <p>A lone request may borrow an idle worker ({@link #lend}): the caller's thread then runs the worker's runner
 * while the worker takes no batch, until {@link #batchDone} gives it back. A worker is always in exactly one of
 * these states: running its own batch, lent, or idle; so a runner is never used by two threads at once.
 */
final class BatchScheduler<I, O> {

    /**
     * A batch to run, with requests found expired while forming it, to be failed. {@code lentFrom} is the worker
     * whose runner the caller's thread runs it with, or null for a batch a worker took for itself.
     */
    record Batch<I, O>(List<PendingRequest<I, O>> requests, List<PendingRequest<I, O>> expired, long dispatchNanos,
            BatchWorker<I, O> lentFrom) {

        Batch(List<PendingRequest<I, O>> requests, List<PendingRequest<I, O>> expired, long dispatchNanos) {
            this(requests, expired, dispatchNanos, null);
        }
    }

    private enum State { RUNNING, DRAINING, TERMINATED }

    private final ReentrantLock lock = new ReentrantLock();
    /** Free workers wait here for requests, or for the oldest request's delay to run out. */
    private final Condition workChanged = lock.newCondition();
    /** The deadline sweep waits here for the earliest deadline, or for an earlier one to arrive. */
    private final Condition deadlinesChanged = lock.newCondition();
    /** Shutdown waits here for the queue to drain. */
    private final Condition drained = lock.newCondition();
    /** Lent workers that woke up wait here for their runner to come back. */
    private final Condition returned = lock.newCondition();

    private final BatchPolicy policy;
    private final Ticker ticker;
    private final int workers;
    private final int maxBatchSize;
    private final RequestQueue<I, O> queue;
    private final RetryAfterEstimate retryAfter;
    /** Requests handed to workers and not yet answered, so shutdown can answer them if the engine hangs. */
    private final Set<PendingRequest<I, O>> inFlight = new HashSet<>();
    /** Workers waiting in {@link #nextBatch} with a runner ready, the most recently idle first (its caches are warm). */
    private final Deque<BatchWorker<I, O>> idle = new ArrayDeque<>();
    /** Workers whose runner a caller's thread is using: they take no batch until it comes back. */
    private final Set<BatchWorker<I, O>> lent = new HashSet<>();
    private int busyWorkers;
    private State state = State.RUNNING;
    private boolean sweepPlanned;
    private long sweepAtNanos;

    BatchScheduler(BatchingSettings settings, Ticker ticker) {
        this.policy = BatchPolicy.of(settings);
        this.ticker = ticker;
        this.workers = settings.workers();
        this.maxBatchSize = settings.maxBatchSize();
        this.queue = new RequestQueue<>(settings.queueCapacity());
        int timeoutSeconds = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toSeconds());
        this.retryAfter = new RetryAfterEstimate(workers, timeoutSeconds);
    }

    /** Queues the request, or throws the problem to answer it with: SHUTTING_DOWN or QUEUE_FULL. */
    void enqueue(PendingRequest<I, O> request) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw Problems.shuttingDown();
            }
            if (!queue.offer(request)) {
                throw Problems.queueFull(queue.size(), retryAfter.seconds(queue.size()));
            }
            workChanged.signal();
            if (!sweepPlanned || request.deadlineNanos() - sweepAtNanos < 0) {
                deadlinesChanged.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lends an idle worker's runner to the caller of this request, when {@link BatchPolicy#runsOnCaller} allows it,
     * and returns the batch of that one request for the caller to run with it ({@link BatchWorker#runLent}); null
     * when the request should be queued instead. Throws SHUTTING_DOWN once shutdown has begun.
     */
    Batch<I, O> lend(PendingRequest<I, O> request) {
        lock.lock();
        try {
            if (state != State.RUNNING) {
                throw Problems.shuttingDown();
            }
            if (!BatchPolicy.runsOnCaller(queue.size(), busyWorkers, idle.size())) {
                return null;
            }
            BatchWorker<I, O> worker = idle.pop();
            lent.add(worker);
            busyWorkers++;
            inFlight.add(request);
            return new Batch<>(List.of(request), List.of(), ticker.nanoTime(), worker);
        } finally {
            lock.unlock();
        }
    }

    /** Takes a request out of the queue if it is still there: its caller gave up on it. */
    void withdraw(PendingRequest<I, O> request) {
        if (!request.isQueued()) {
            return; // the common case, a request answered after it left the queue, takes no lock
        }
        lock.lock();
        try {
            queue.remove(request);
            signalIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the policy says a batch should run and returns it, marking the calling worker busy until
     * {@link #batchDone}. Returns a batch with no requests but some expired ones when that is all it found, and
     * null once the batcher has terminated. While it waits, the worker may be lent to a caller if
     * {@code lendable} (its runner is ready); a lent worker returns nothing, not even null, until its runner is back.
     */
    Batch<I, O> nextBatch(BatchWorker<I, O> self, boolean lendable) {
        lock.lock();
        try {
            while (true) {
                if (lent.contains(self)) {
                    awaitReturn();
                    continue;
                }
                if (state == State.TERMINATED) {
                    return null;
                }
                long nowNanos = ticker.nanoTime();
                Decision decision = decide(nowNanos);
                if (decision instanceof Decision.Run run) {
                    List<PendingRequest<I, O>> expired = new ArrayList<>();
                    List<PendingRequest<I, O>> requests = queue.takeBatch(run.maxRows(), nowNanos, expired);
                    if (!queue.isEmpty()) {
                        workChanged.signal(); // another free worker may form the next batch
                    }
                    if (!requests.isEmpty()) {
                        busyWorkers++;
                        inFlight.addAll(requests);
                    }
                    signalIfDrained();
                    if (!requests.isEmpty() || !expired.isEmpty()) {
                        idle.remove(self);
                        return new Batch<>(requests, expired, nowNanos);
                    }
                } else {
                    if (lendable && !idle.contains(self)) {
                        idle.push(self);
                    }
                    await(decision);
                }
            }
        } finally {
            idle.remove(self); // leaving for a batch, or for good
            lock.unlock();
        }
    }

    /**
     * A lent worker woke up: it may have taken a signal meant for a free worker, so it passes that on before it
     * waits for its runner on a condition of its own.
     */
    private void awaitReturn() {
        if (!queue.isEmpty()) {
            workChanged.signal();
        }
        try {
            returned.await();
        } catch (InterruptedException e) {
            // Shutdown interrupts workers stuck in the engine; a lent one waits for its runner all the same.
        }
    }

    /** The worker that ran this batch is free again; {@code engineNanos} is negative if the engine did not run. */
    void batchDone(Batch<I, O> batch, int requestsRun, long engineNanos) {
        lock.lock();
        try {
            busyWorkers--;
            batch.requests().forEach(inFlight::remove);
            retryAfter.record(requestsRun, engineNanos);
            if (batch.lentFrom() != null) {
                giveBack(batch.lentFrom());
            }
            signalIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until some waiting requests reach their deadline and returns them; null once terminated. */
    List<PendingRequest<I, O>> awaitExpired() {
        lock.lock();
        try {
            while (state != State.TERMINATED) {
                long nowNanos = ticker.nanoTime();
                List<PendingRequest<I, O>> expired = removeExpired(nowNanos);
                if (!expired.isEmpty()) {
                    return expired;
                }
                PendingRequest<I, O> next = queue.earliestDeadline();
                sweepPlanned = next != null;
                try {
                    if (next == null) {
                        deadlinesChanged.await();
                    } else {
                        sweepAtNanos = next.deadlineNanos();
                        deadlinesChanged.awaitNanos(sweepAtNanos - nowNanos);
                    }
                } catch (InterruptedException e) {
                    // Only shutdown interrupts the batcher's threads; the loop sees TERMINATED.
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the waiting requests at or past their deadline now. */
    List<PendingRequest<I, O>> removeExpired() {
        lock.lock();
        try {
            return removeExpired(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops admission, lets the workers drain the queue for up to {@code graceNanos}, then terminates and returns
     * what is left unanswered: requests still waiting and those still with the engine.
     */
    List<PendingRequest<I, O>> shutdown(long graceNanos) {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                state = State.DRAINING;
                workChanged.signalAll(); // workers waiting for more rows should run what they have
            }
            long graceEndNanos = ticker.nanoTime() + graceNanos;
            boolean interrupted = false;
            while (state == State.DRAINING && !isDrained() && !interrupted) {
                long remainingNanos = graceEndNanos - ticker.nanoTime();
                if (remainingNanos <= 0) {
                    break;
                }
                try {
                    drained.awaitNanos(remainingNanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            state = State.TERMINATED;
            List<PendingRequest<I, O>> left = new ArrayList<>(queue.removeAll());
            left.addAll(inFlight);
            inFlight.clear();
            workChanged.signalAll();
            deadlinesChanged.signalAll();
            drained.signalAll();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return left;
        } finally {
            lock.unlock();
        }
    }

    boolean isShutdown() {
        lock.lock();
        try {
            return state != State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    int lendableWorkers() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    int busyWorkers() {
        lock.lock();
        try {
            return busyWorkers;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lent worker is idle again at once, still parked where it was: the next lone request can borrow it without
     * waking its thread. A worker that woke meanwhile, or requests that queued meanwhile, are told.
     */
    private void giveBack(BatchWorker<I, O> worker) {
        lent.remove(worker);
        if (state == State.RUNNING && !idle.contains(worker)) {
            idle.push(worker);
        }
        returned.signalAll();
        if (!queue.isEmpty() || state != State.RUNNING) {
            workChanged.signalAll();
        }
    }

    private Decision decide(long nowNanos) {
        PendingRequest<I, O> head = queue.head();
        long oldestEnqueueNanos = head == null ? nowNanos : head.enqueueNanos();
        Decision decision = policy.decide(
                queue.rowsCompatibleWithHead(), workers - busyWorkers, busyWorkers, oldestEnqueueNanos, nowNanos);
        // While draining nothing new can arrive: waiting for more rows would only slow the drain.
        if (state == State.DRAINING && decision instanceof Decision.Wait) {
            return new Decision.Run(maxBatchSize);
        }
        return decision;
    }

    private void await(Decision decision) {
        try {
            if (decision instanceof Decision.Wait wait) {
                workChanged.awaitNanos(wait.waitNanos());
            } else {
                workChanged.await();
            }
        } catch (InterruptedException e) {
            // Only shutdown interrupts the batcher's threads; the caller's loop sees TERMINATED.
        }
    }

    private List<PendingRequest<I, O>> removeExpired(long nowNanos) {
        List<PendingRequest<I, O>> expired = queue.removeExpired(nowNanos);
        if (!expired.isEmpty()) {
            signalIfDrained();
        }
        return expired;
    }

    private boolean isDrained() {
        return queue.isEmpty() && busyWorkers == 0;
    }

    private void signalIfDrained() {
        if (state == State.DRAINING && isDrained()) {
            drained.signalAll();
        }
    }
}

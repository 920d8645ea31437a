package io.edgeserve.batching;

import io.edgeserve.batching.BatchPolicy.Decision;
import io.edgeserve.problem.ProblemException;
import java.util.ArrayList;
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
 */
final class BatchScheduler<I, O> {

    /** A batch to run, with requests found expired while forming it, to be failed. */
    record Batch<I, O>(List<PendingRequest<I, O>> requests, List<PendingRequest<I, O>> expired, long dispatchNanos) {
    }

    private enum State { RUNNING, DRAINING, TERMINATED }

    private final ReentrantLock lock = new ReentrantLock();
    /** Free workers wait here for requests, or for the oldest request's delay to run out. */
    private final Condition workChanged = lock.newCondition();
    /** The deadline sweep waits here for the earliest deadline, or for an earlier one to arrive. */
    private final Condition deadlinesChanged = lock.newCondition();
    /** Shutdown waits here for the queue to drain. */
    private final Condition drained = lock.newCondition();

    private final BatchPolicy policy;
    private final Ticker ticker;
    private final int workers;
    private final int maxBatchSize;
    private final RequestQueue<I, O> queue;
    private final RetryAfterEstimate retryAfter;
    /** Requests handed to workers and not yet answered, so shutdown can answer them if the engine hangs. */
    private final Set<PendingRequest<I, O>> inFlight = new HashSet<>();
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
     * null once the batcher has terminated.
     */
    Batch<I, O> nextBatch() {
        lock.lock();
        try {
            while (state != State.TERMINATED) {
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
                        return new Batch<>(requests, expired, nowNanos);
                    }
                } else {
                    await(decision);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The worker that ran this batch is free again; {@code engineNanos} is negative if the engine did not run. */
    void batchDone(Batch<I, O> batch, int requestsRun, long engineNanos) {
        lock.lock();
        try {
            busyWorkers--;
            batch.requests().forEach(inFlight::remove);
            retryAfter.record(requestsRun, engineNanos);
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

    int busyWorkers() {
        lock.lock();
        try {
            return busyWorkers;
        } finally {
            lock.unlock();
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

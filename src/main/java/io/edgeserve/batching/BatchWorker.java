package io.edgeserve.batching;

import io.edgeserve.batching.BatchScheduler.Batch;
import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.problem.ProblemException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One worker thread's loop: take a batch, merge, run, split, answer. The worker owns its runner: it creates it on
 * its own thread and closes it when it ends. While it is idle it may lend the runner to a lone request's caller,
 * who runs that request with it on its own thread ({@link #runLent}); the scheduler makes sure the worker takes no
 * batch meanwhile, so only one thread at a time ever uses the runner. A failed batch fails its callers and never
 * the worker, which goes on to the next batch.
 */
final class BatchWorker<I, O> implements Runnable {

    private static final System.Logger LOG = System.getLogger(BatchWorker.class.getName());
    private static final long NOT_RUN = -1;

    private final String batcherName;
    private final BatchScheduler<I, O> scheduler;
    private final BatchRows<I, O> rows;
    private final Supplier<? extends BatchRunner<I, O>> runners;
    private final Ticker ticker;
    private final BatcherListener listener;
    private BatchRunner<I, O> runner;
    private Throwable runnerFailure;

    BatchWorker(String batcherName, BatchScheduler<I, O> scheduler, BatchRows<I, O> rows,
            Supplier<? extends BatchRunner<I, O>> runners, Ticker ticker, BatcherListener listener) {
        this.batcherName = batcherName;
        this.scheduler = scheduler;
        this.rows = rows;
        this.runners = runners;
        this.ticker = ticker;
        this.listener = listener;
    }

    @Override
    public void run() {
        // Created at start, so that a model that cannot run shows in the logs before the first request fails.
        createRunner();
        try {
            for (Batch<I, O> batch = scheduler.nextBatch(this, runner != null); batch != null;
                    batch = scheduler.nextBatch(this, runner != null)) {
                PendingRequest.rejectAll(
                        batch.expired(), Problems::deadlineExceeded, Rejection.DEADLINE_EXCEEDED, listener);
                if (!batch.requests().isEmpty()) {
                    runBatch(batch);
                }
            }
        } finally {
            Thread.interrupted(); // shutdown may have interrupted the engine; closing must not be cut short by it
            closeRunner();
        }
    }

    /**
     * Runs a batch this worker lent its runner for, on the caller's thread, exactly as the worker would run it
     * (listener calls included), and gives the runner back.
     */
    void runLent(Batch<I, O> batch) {
        runBatch(batch);
    }

    private void runBatch(Batch<I, O> batch) {
        List<PendingRequest<I, O>> live = new ArrayList<>(batch.requests().size());
        for (PendingRequest<I, O> request : batch.requests()) {
            listener.queueWaited(batch.dispatchNanos() - request.enqueueNanos());
            if (!request.isDone()) { // cancelled since it was dispatched: drop it before inference
                live.add(request);
            }
        }
        long engineNanos = NOT_RUN;
        try {
            if (!live.isEmpty()) {
                engineNanos = infer(live);
            }
        } catch (Throwable failure) { // a failed batch must fail its callers, never the worker
            if (live.stream().allMatch(PendingRequest::isDone)) {
                // Shutdown answered these callers already and interrupted the engine: not the engine's fault.
                LOG.log(Level.DEBUG, "Batcher " + batcherName + ": a batch was cut short by shutdown", failure);
            } else if (live.size() > 1) {
                // One request may have made the batch fail: each runs again alone, so that only its own caller hears.
                LOG.log(Level.WARNING, "Batcher " + batcherName + ": a batch of " + live.size()
                        + " requests failed; running them one by one", failure);
                live.stream().filter(request -> !request.isDone()).forEach(this::runAlone);
            } else {
                fail(live, failure);
            }
        } finally {
            scheduler.batchDone(batch, live.size(), engineNanos);
        }
    }

    private void runAlone(PendingRequest<I, O> request) {
        try {
            infer(List.of(request));
        } catch (Throwable failure) {
            fail(List.of(request), failure);
        }
    }

    private void fail(List<PendingRequest<I, O>> requests, Throwable failure) {
        ProblemException problem = failure instanceof ProblemException p ? p : Problems.engineFailure(failure);
        if (problem.type().status() >= 500) {
            listener.engineFailed(requests.size(), failure);
            LOG.log(Level.WARNING, "Batcher " + batcherName + ": a batch of " + requests.size() + " requests failed",
                    failure);
        } else {
            LOG.log(Level.DEBUG, "Batcher " + batcherName + ": the engine refused a request: " + problem.getMessage());
        }
        requests.forEach(request -> request.fail(problem));
    }

    private long infer(List<PendingRequest<I, O>> requests) throws Exception {
        BatchRunner<I, O> batchRunner = runner();
        int[] rowCounts = new int[requests.size()];
        List<I> inputs = new ArrayList<>(requests.size());
        int totalRows = 0;
        for (int i = 0; i < requests.size(); i++) {
            rowCounts[i] = requests.get(i).rows();
            inputs.add(requests.get(i).input());
            totalRows += rowCounts[i];
        }
        boolean alone = requests.size() == 1; // one request needs no copy into a batch, nor a split
        I batchInput = alone ? inputs.getFirst() : rows.merge(inputs);
        long startNanos = ticker.nanoTime();
        O output = batchRunner.run(batchInput);
        long engineNanos = ticker.nanoTime() - startNanos;
        List<O> outputs = alone ? Collections.singletonList(output) : rows.split(output, rowCounts);
        if (outputs == null || outputs.size() != requests.size()) {
            throw new IllegalStateException("split gave " + (outputs == null ? "no" : outputs.size())
                    + " outputs for " + requests.size() + " requests");
        }
        // Metrics first: a caller who sees its answer can rely on the batch being counted.
        listener.batchRan(totalRows, requests.size(), engineNanos);
        for (int i = 0; i < requests.size(); i++) {
            requests.get(i).complete(outputs.get(i));
        }
        return engineNanos;
    }

    /** The runner, created again if it could not be before: a model that failed to load once may load now. */
    private BatchRunner<I, O> runner() {
        if (runner == null && !createRunner()) {
            throw Problems.runnerUnavailable(runnerFailure);
        }
        return runner;
    }

    private boolean createRunner() {
        try {
            runner = runners.get();
            if (runner == null) {
                throw new IllegalStateException("the runner supplier returned null");
            }
            runnerFailure = null;
            return true;
        } catch (Throwable failure) { // a worker without a runner still answers, so that nobody hangs
            runnerFailure = failure;
            listener.engineFailed(0, failure);
            LOG.log(Level.ERROR, "Batcher " + batcherName + ": could not create a runner", failure);
            return false;
        }
    }

    private void closeRunner() {
        if (runner == null) {
            return;
        }
        try {
            runner.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Batcher " + batcherName + ": closing a runner failed", e);
        }
    }
}

package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.edgeserve.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the executor tests share: a fake echo model, a recording listener and a batcher that is always shut down.
 * Waits are bounded only to turn a hang into a failure; no test depends on how long anything takes.
 */
@Timeout(60)
abstract class BatcherTestSupport {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** One worker, so the order of batches is the order of the queue; 8 rows; a delay of no consequence. */
    static final BatchingSettings ONE_WORKER = BatchingSettings.DEFAULTS
            .withWorkers(1).withMaxBatchSize(8).withMaxDelay(Duration.ofMillis(2)).withQueueCapacity(64);

    final FakeModel model = new FakeModel();
    final RecordingListener listener = new RecordingListener();
    DynamicBatcher<Payload, List<String>> batcher;

    @AfterEach
    void stopBatcher() {
        model.release();
        if (batcher != null) {
            batcher.close();
        }
    }

    DynamicBatcher<Payload, List<String>> start(BatchingSettings settings) {
        return start(settings, Ticker.system());
    }

    DynamicBatcher<Payload, List<String>> start(BatchingSettings settings, Ticker ticker) {
        return start(settings, ticker, model, listener);
    }

    DynamicBatcher<Payload, List<String>> start(BatchingSettings settings, Ticker ticker,
            Supplier<? extends BatchRunner<Payload, List<String>>> runners, BatcherListener listener) {
        batcher = DynamicBatcher.start("t" + NAMES.incrementAndGet(), settings, new Payload.Rows(), runners, ticker,
                listener);
        return batcher;
    }

    /** Submits a request and waits until the engine holds it, so that later requests queue behind it. */
    CompletableFuture<List<String>> occupyTheWorker(String row) throws InterruptedException {
        model.hold();
        CompletableFuture<List<String>> blocker = batcher.submit(Payload.of("a", row));
        assertThat(model.awaitEntered().rows()).containsExactly(row);
        return blocker;
    }

    static <T> T answer(CompletableFuture<T> future) throws Exception {
        return future.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The problem the future failed with, waiting for it if need be. */
    static ProblemException problem(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProblemException.class);
        return (ProblemException) thrown.getCause();
    }

    /** Polls a condition that another thread will make true; fails rather than hangs. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(FakeModel.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - endNanos > 0) {
                fail("gave up waiting until " + what);
            }
            Thread.sleep(1);
        }
    }
}

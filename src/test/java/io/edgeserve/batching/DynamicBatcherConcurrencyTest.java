package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many callers at once: every future completes, and each with its own answer. */
class DynamicBatcherConcurrencyTest extends BatcherTestSupport {

    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 500;

    private record Submitted(Payload input, CompletableFuture<List<String>> future) {
    }

    /** Submits from many threads at once, each request with its own rows (1 to 3 of them) under one of two keys. */
    private List<Submitted> submitFromManyThreads() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Submitted>>> perThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            CompletableFuture<List<Submitted>> submitted = new CompletableFuture<>();
            perThread.add(submitted);
            Thread.ofPlatform().name("test-submitter-" + t).start(() -> {
                try {
                    go.await();
                    List<Submitted> mine = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        int rows = 1 + ThreadLocalRandom.current().nextInt(3);
                        List<String> values = new ArrayList<>();
                        for (int r = 0; r < rows; r++) {
                            values.add(thread + "-" + i + "-" + r);
                        }
                        Payload input = new Payload(i % 2 == 0 ? "a" : "b", values);
                        mine.add(new Submitted(input, batcher.submit(input)));
                    }
                    submitted.complete(mine);
                } catch (Throwable e) {
                    submitted.completeExceptionally(e);
                }
            });
        }
        go.countDown();
        List<Submitted> all = new ArrayList<>();
        for (var submitted : perThread) {
            all.addAll(submitted.get(30, TimeUnit.SECONDS));
        }
        return all;
    }

    @Test
    void manySubmitters_everyFutureCompletesWithItsOwnRows() throws Exception {
        start(BatchingSettings.DEFAULTS.withQueueCapacity(THREADS * REQUESTS_PER_THREAD)
                .withMaxDelay(Duration.ofMillis(1)));

        for (Submitted submitted : submitFromManyThreads()) {
            assertThat(submitted.future().get(30, TimeUnit.SECONDS)).isEqualTo(submitted.input().echo());
        }
        assertThat(model.batches()).allSatisfy(batch -> assertThat(batch.rows()).hasSizeLessThanOrEqualTo(
                BatchingSettings.DEFAULTS.maxBatchSize()));
    }

    @Test
    void overload_everyFutureCompletesWithItsRowsOrQueueFull() throws Exception {
        start(BatchingSettings.DEFAULTS.withQueueCapacity(8).withMaxBatchSize(4));

        int answeredRows = 0;
        for (Submitted submitted : submitFromManyThreads()) {
            try {
                assertThat(submitted.future().get(30, TimeUnit.SECONDS)).isEqualTo(submitted.input().echo());
                answeredRows += submitted.input().rows().size();
            } catch (ExecutionException refused) {
                assertThat(problem(submitted.future()).type()).isEqualTo(ProblemType.QUEUE_FULL);
            }
        }
        // The engine ran each answered request once, and no refused one.
        assertThat(model.batches().stream().mapToInt(batch -> batch.rows().size()).sum()).isEqualTo(answeredRows);
        assertThat(answeredRows).isPositive();
    }
}

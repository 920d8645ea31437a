package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What callers get when the engine, its runner or the metrics fail, and that the batcher carries on. */
class DynamicBatcherFailureTest extends BatcherTestSupport {

    private static final String SECRET_PATH = "/opt/ml/model/secret.params";

    @Test
    void engineFailure_failsTheBatchWithAClientSafeProblemKeepingTheCause() {
        start(ONE_WORKER);
        IOException engineError = new IOException("cannot read " + SECRET_PATH);
        model.failNextBatch(engineError);

        ProblemException problem = problem(batcher.submit(Payload.of("a", "x")));

        assertThat(problem.type()).isEqualTo(ProblemType.ENGINE_FAILURE);
        assertThat(problem.getMessage()).doesNotContain(SECRET_PATH);
        assertThat(problem.getCause()).isSameAs(engineError);
    }

    @Test
    void engineFailure_failsOnlyThatBatch() throws Exception {
        start(ONE_WORKER);
        model.failNextBatch(new IllegalStateException("boom"));
        var failing = occupyTheWorker("failing");
        var queued = List.of(batcher.submit(Payload.of("a", "q1")), batcher.submit(Payload.of("a", "q2")));
        model.release();

        assertThat(problem(failing).type()).isEqualTo(ProblemType.ENGINE_FAILURE);
        assertThat(answer(queued.get(0))).containsExactly("echo:q1");
        assertThat(answer(queued.get(1))).containsExactly("echo:q2");
    }

    @Test
    void batchFailedByOneRequest_runsTheOthersAgainAlone_soOnlyThatOneFails() throws Exception {
        start(ONE_WORKER, Ticker.system(), () -> {
            BatchRunner<Payload, List<String>> echo = model.get();
            return new BatchRunner<>() {
                @Override
                public List<String> run(Payload batch) throws Exception {
                    List<String> answer = echo.run(batch);
                    if (batch.rows().contains("poison")) {
                        throw new IllegalStateException("the engine cannot take poison");
                    }
                    return answer;
                }

                @Override
                public void close() throws Exception {
                    echo.close();
                }
            };
        }, listener);
        var blocker = occupyTheWorker("first");
        var good1 = batcher.submit(Payload.of("a", "q1"));
        var bad = batcher.submit(Payload.of("a", "poison"));
        var good2 = batcher.submit(Payload.of("a", "q2", "q3"));
        model.release();

        assertThat(answer(blocker)).containsExactly("echo:first");
        assertThat(answer(good1)).containsExactly("echo:q1");
        assertThat(answer(good2)).containsExactly("echo:q2", "echo:q3");
        assertThat(problem(bad).type()).isEqualTo(ProblemType.ENGINE_FAILURE);
        assertThat(model.batches()).extracting(Payload::rows).contains(List.of("q1", "poison", "q2", "q3"));
        assertThat(listener.engineFailures()).containsExactly(1);
    }

    @Test
    void engineFailure_leavesTheWorkerServingLaterRequests() throws Exception {
        start(ONE_WORKER);
        model.failNextBatch(new IllegalStateException("boom"));
        problem(batcher.submit(Payload.of("a", "x")));

        assertThat(answer(batcher.submit(Payload.of("a", "y")))).containsExactly("echo:y");
    }

    @Test
    void engineFailure_isReportedToTheListener() {
        start(ONE_WORKER);
        model.failNextBatch(new IllegalStateException("boom"));

        problem(batcher.submit(Payload.of("a", "x")));

        assertThat(listener.engineFailures()).containsExactly(1);
    }

    @Test
    void problemThrownByTheRunner_reachesCallersUnchanged() {
        ProblemException tooBig = new ProblemException(ProblemType.INSUFFICIENT_MEMORY, "Not enough memory.");
        start(ONE_WORKER, Ticker.system(), () -> batch -> {
            throw tooBig;
        }, listener);

        assertThat(problem(batcher.submit(Payload.of("a", "x")))).isSameAs(tooBig);
    }

    @Test
    void runnerThatCannotBeCreated_failsRequestsInsteadOfHangingThem() {
        start(ONE_WORKER, Ticker.system(), () -> {
            throw new IllegalStateException("no such file " + SECRET_PATH);
        }, listener);

        ProblemException problem = problem(batcher.submit(Payload.of("a", "x")));

        assertThat(problem.type()).isEqualTo(ProblemType.ENGINE_FAILURE);
        assertThat(problem.getMessage()).doesNotContain(SECRET_PATH);
        assertThat(problem.getCause()).hasMessageContaining(SECRET_PATH);
    }

    @Test
    void runnerThatCouldNotBeCreated_isCreatedAgainBeforeTheNextBatch() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<BatchRunner<Payload, List<String>>> flaky = () -> {
            // The worker tries once as it starts and once more before the first batch.
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            return model.get();
        };
        start(ONE_WORKER, Ticker.system(), flaky, listener);
        problem(batcher.submit(Payload.of("a", "x")));

        assertThat(answer(batcher.submit(Payload.of("a", "y")))).containsExactly("echo:y");
    }

    @Test
    void modelAnsweringTooFewRowsForAMergedBatch_isRunAgainRequestByRequest() throws Exception {
        CountDownLatch blockerEntered = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        start(ONE_WORKER, Ticker.system(), () -> batch -> {
            if (batch.rows().contains("blocker")) {
                blockerEntered.countDown();
                letGo.await();
                return batch.echo();
            }
            return List.of("one row for a batch of two");
        }, listener);
        var blocker = batcher.submit(Payload.of("a", "blocker"));
        assertThat(blockerEntered.await(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        var first = batcher.submit(Payload.of("a", "x"));
        var second = batcher.submit(Payload.of("a", "y"));
        letGo.countDown();

        answer(blocker);
        // The merged batch cannot be split; alone, each request's one row is its whole answer.
        assertThat(answer(first)).containsExactly("one row for a batch of two");
        assertThat(answer(second)).containsExactly("one row for a batch of two");
    }

    @Test
    void listenerThatThrows_changesNothingForCallers() throws Exception {
        BatcherListener broken = new BatcherListener() {
            @Override
            public void batchRan(int rows, int requests, long engineNanos) {
                throw new IllegalStateException("metrics bug");
            }

            @Override
            public void queueWaited(long queueWaitNanos) {
                throw new IllegalStateException("metrics bug");
            }
        };
        start(ONE_WORKER, Ticker.system(), model, broken);

        assertThat(answer(batcher.submit(Payload.of("a", "x")))).containsExactly("echo:x");
        assertThat(answer(batcher.submit(Payload.of("a", "y")))).containsExactly("echo:y");
    }
}

package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Which requests get in, and how those that must not run are answered: full queue, deadlines, cancellation. */
class DynamicBatcherAdmissionTest extends BatcherTestSupport {

    private static final BatchingSettings TEN_SECONDS = ONE_WORKER.withTimeout(Duration.ofSeconds(10));

    /** Keeps the only worker busy and fills a queue of two; returns the queued requests. */
    private List<CompletableFuture<List<String>>> fillTheQueue() throws Exception {
        start(ONE_WORKER.withQueueCapacity(2));
        occupyTheWorker("blocker");
        return List.of(batcher.submit(Payload.of("a", "q1")), batcher.submit(Payload.of("a", "q2")));
    }

    @Test
    void fullQueue_rejectsAtOnceWithRetryAfter() throws Exception {
        fillTheQueue();

        var refused = batcher.submit(Payload.of("a", "refused"));

        assertThat(refused).isCompletedExceptionally(); // already answered: the caller can send its 503 now
        ProblemException problem = problem(refused);
        assertThat(problem.type()).isEqualTo(ProblemType.QUEUE_FULL);
        assertThat(problem.properties().get("retryAfterSeconds"))
                .isInstanceOfSatisfying(Integer.class, seconds -> assertThat(seconds).isPositive());
    }

    @Test
    void fullQueue_refusedRequestNeverReachesTheEngine() throws Exception {
        var queued = fillTheQueue();
        batcher.submit(Payload.of("a", "refused"));
        model.release();

        answer(queued.getLast());
        answer(batcher.submit(Payload.of("a", "marker")));
        assertThat(model.saw("refused")).isFalse();
    }

    @Test
    void fullQueue_isReportedToTheListener() throws Exception {
        fillTheQueue();

        batcher.submit(Payload.of("a", "refused"));

        assertThat(listener.rejections()).containsExactly(Rejection.QUEUE_FULL);
    }

    @Test
    void queuedRequest_failsAtItsDeadlineWhileStillQueued() throws Exception {
        start(ONE_WORKER); // the real clock, so the deadline sweep answers on its own
        occupyTheWorker("blocker");

        var late = batcher.submit(Payload.of("a", "late"), Duration.ofMillis(20));

        assertThat(problem(late).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
        assertThat(model.batches()).containsExactly(Payload.of("a", "blocker")); // the engine is still busy
    }

    @Test
    void requestPastItsDeadline_isNeverRunWhenAWorkerFreesUp() throws Exception {
        FakeTicker ticker = FakeTicker.random();
        start(TEN_SECONDS, ticker);
        var blocker = occupyTheWorker("blocker");
        var late = batcher.submit(Payload.of("a", "late"), Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(2));
        model.release();

        answer(blocker);
        answer(batcher.submit(Payload.of("a", "marker")));
        assertThat(problem(late).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
        assertThat(model.saw("late")).isFalse();
    }

    /**
     * Queues a request behind a busy worker on a fake clock, moves the clock on by {@code elapsed} and runs the
     * deadline sweep, so the request's fate depends on its deadline alone.
     */
    private CompletableFuture<List<String>> queuedThenSwept(Duration timeout, Duration elapsed) throws Exception {
        FakeTicker ticker = FakeTicker.random();
        start(TEN_SECONDS, ticker);
        occupyTheWorker("blocker");
        var queued = batcher.submit(Payload.of("a", "queued"), timeout);
        ticker.advance(elapsed);
        batcher.expireOverdue();
        return queued;
    }

    @Test
    void deadlineSweep_answersAQueuedRequestExactlyAtItsDeadline() throws Exception {
        var late = queuedThenSwept(Duration.ofSeconds(1), Duration.ofSeconds(1));

        assertThat(late).isCompletedExceptionally();
        assertThat(problem(late).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
        assertThat(listener.rejections()).containsExactly(Rejection.DEADLINE_EXCEEDED);
    }

    @Test
    void deadlineSweep_leavesRequestsBeforeTheirDeadline() throws Exception {
        var onTime = queuedThenSwept(Duration.ofSeconds(1), Duration.ofSeconds(1).minusNanos(1));

        assertThat(onTime).isNotDone();
        model.release();
        assertThat(answer(onTime)).containsExactly("echo:queued");
    }

    @Test
    void timeoutLongerThanTheDefault_isCutToTheDefault() throws Exception {
        var greedy = queuedThenSwept(Duration.ofHours(1), TEN_SECONDS.timeout());

        assertThat(problem(greedy).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
    }

    @Test
    void noTimeout_meansTheDefault() throws Exception {
        var plain = queuedThenSwept(null, TEN_SECONDS.timeout());

        assertThat(problem(plain).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
    }

    @Test
    void timeoutOfZero_failsAtOnceWithDeadlineExceeded() {
        start(ONE_WORKER);

        var hopeless = batcher.submit(Payload.of("a", "x"), Duration.ZERO);

        assertThat(hopeless).isCompletedExceptionally();
        assertThat(problem(hopeless).type()).isEqualTo(ProblemType.DEADLINE_EXCEEDED);
    }

    @Test
    void requestWithoutRows_failsAsInvalid() {
        start(ONE_WORKER);

        var empty = batcher.submit(Payload.of("a"));

        assertThat(problem(empty).type()).isEqualTo(ProblemType.INVALID_REQUEST);
    }

    @Test
    void cancelledRequest_costsNoInference() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("blocker");
        var abandoned = batcher.submit(Payload.of("a", "abandoned"));
        abandoned.cancel(true);
        model.release();

        answer(batcher.submit(Payload.of("a", "marker")));
        assertThat(model.saw("abandoned")).isFalse();
    }

    @Test
    void cancelledRequest_freesItsPlaceInTheQueue() throws Exception {
        start(ONE_WORKER.withQueueCapacity(1));
        occupyTheWorker("blocker");
        var abandoned = batcher.submit(Payload.of("a", "abandoned"));

        abandoned.cancel(true);

        assertThat(batcher.queueDepth()).isZero();
        var next = batcher.submit(Payload.of("a", "next"));
        assertThat(next).isNotDone();
        model.release();
        assertThat(answer(next)).containsExactly("echo:next");
    }

    @Test
    void queueDepthAndBusyWorkers_describeTheLiveState() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("blocker");
        batcher.submit(Payload.of("a", "q1"));
        batcher.submit(Payload.of("b", "q2"));

        assertThat(batcher.queueDepth()).isEqualTo(2);
        assertThat(batcher.busyWorkers()).isEqualTo(1);
    }
}

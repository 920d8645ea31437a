package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.groups.Tuple.tuple;

import io.edgeserve.batching.RecordingListener.BatchRan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How requests become batches: merging, splitting, size limits, keys, order, and when a batch runs. */
class DynamicBatcherBatchingTest extends BatcherTestSupport {

    /** Two workers and a delay no test outlives, on a clock that moves only when a test says so. */
    private static final BatchingSettings PATIENT = ONE_WORKER
            .withWorkers(2).withMaxBatchSize(4).withTimeout(Duration.ofHours(2)).withMaxDelay(Duration.ofHours(1));

    @Test
    void loneRequest_runsAtOnceWithoutWaitingForTheDelay() throws Exception {
        start(PATIENT, FakeTicker.random()); // the clock never moves, so waiting for the delay would never end

        assertThat(answer(batcher.submit(Payload.of("a", "x")))).containsExactly("echo:x");
    }

    @Test
    void multiRowRequests_areMergedInOrderAndEachCallerGetsExactlyItsRows() throws Exception {
        start(ONE_WORKER);
        CompletableFuture<List<String>> blocker = occupyTheWorker("blocker");
        var first = batcher.submit(Payload.of("a", "a0", "a1"));
        var second = batcher.submit(Payload.of("a", "b0", "b1", "b2"));
        var third = batcher.submit(Payload.of("a", "c0"));
        model.release();

        assertThat(answer(first)).containsExactly("echo:a0", "echo:a1");
        assertThat(answer(second)).containsExactly("echo:b0", "echo:b1", "echo:b2");
        assertThat(answer(third)).containsExactly("echo:c0");
        assertThat(answer(blocker)).containsExactly("echo:blocker");
        assertThat(model.batches()).containsExactly(
                Payload.of("a", "blocker"), Payload.of("a", "a0", "a1", "b0", "b1", "b2", "c0"));
    }

    @Test
    void batch_holdsAtMostMaxBatchSizeRows() throws Exception {
        start(ONE_WORKER.withMaxBatchSize(4));
        occupyTheWorker("blocker");
        List<CompletableFuture<List<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(batcher.submit(Payload.of("a", "r" + i)));
        }
        model.release();

        for (int i = 0; i < 6; i++) {
            assertThat(answer(futures.get(i))).containsExactly("echo:r" + i);
        }
        assertThat(model.batches()).containsExactly(Payload.of("a", "blocker"),
                Payload.of("a", "r0", "r1", "r2", "r3"), Payload.of("a", "r4", "r5"));
    }

    @Test
    void requestWithMoreRowsThanMaxBatchSize_runsWholeAndAlone() throws Exception {
        start(ONE_WORKER.withMaxBatchSize(4));
        occupyTheWorker("blocker");
        var big = batcher.submit(Payload.of("a", "b0", "b1", "b2", "b3", "b4", "b5"));
        var small = batcher.submit(Payload.of("a", "s0"));
        model.release();

        assertThat(answer(big)).containsExactly("echo:b0", "echo:b1", "echo:b2", "echo:b3", "echo:b4", "echo:b5");
        assertThat(answer(small)).containsExactly("echo:s0");
        assertThat(model.batches()).containsExactly(Payload.of("a", "blocker"),
                Payload.of("a", "b0", "b1", "b2", "b3", "b4", "b5"), Payload.of("a", "s0"));
    }

    @Test
    void requestsWithDifferentKeys_neverShareABatch() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("blocker");
        var futures = List.of(batcher.submit(Payload.of("b", "b1")), batcher.submit(Payload.of("a", "a1")),
                batcher.submit(Payload.of("b", "b2")), batcher.submit(Payload.of("a", "a2")));
        model.release();

        for (var future : futures) {
            answer(future);
        }
        assertThat(model.batches()).containsExactly(Payload.of("a", "blocker"),
                Payload.of("b", "b1", "b2"), Payload.of("a", "a1", "a2"));
    }

    @Test
    void olderRequestWithAnotherKey_runsBeforeLaterRequests() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("blocker");
        var lonely = batcher.submit(Payload.of("b", "x"));
        var later = List.of(batcher.submit(Payload.of("a", "a1")), batcher.submit(Payload.of("a", "a2")));
        model.release();

        answer(lonely);
        answer(later.getLast());
        assertThat(model.batches()).containsExactly(Payload.of("a", "blocker"),
                Payload.of("b", "x"), Payload.of("a", "a1", "a2"));
    }

    @Test
    void underLoad_freeWorkerWaitsForTheOldestRequestsDelayToGatherRows() throws Exception {
        FakeTicker ticker = FakeTicker.random();
        start(PATIENT.withMaxDelay(Duration.ofMillis(50)), ticker);
        occupyTheWorker("blocker");
        var first = batcher.submit(Payload.of("a", "x"));
        var second = batcher.submit(Payload.of("a", "y"));

        ticker.advance(Duration.ofMillis(50)); // only now is the oldest request's delay over
        assertThat(model.awaitEntered()).isEqualTo(Payload.of("a", "x", "y"));
        model.release();
        assertThat(answer(first)).containsExactly("echo:x");
        assertThat(answer(second)).containsExactly("echo:y");
    }

    @Test
    void underLoad_fullBatchRunsWithoutWaitingForTheDelay() throws Exception {
        start(PATIENT, FakeTicker.random());
        occupyTheWorker("blocker");
        for (String row : List.of("r0", "r1", "r2", "r3")) {
            batcher.submit(Payload.of("a", row));
        }

        assertThat(model.awaitEntered()).isEqualTo(Payload.of("a", "r0", "r1", "r2", "r3"));
    }

    @Test
    void underLoad_preferredBatchSizeRunsAsSoonAsItIsReached() throws Exception {
        start(PATIENT.withPreferredBatchSizes(List.of(2)), FakeTicker.random());
        occupyTheWorker("blocker");
        batcher.submit(Payload.of("a", "x"));
        batcher.submit(Payload.of("a", "y"));

        assertThat(model.awaitEntered()).isEqualTo(Payload.of("a", "x", "y"));
    }

    @Test
    void listener_hearsOfEachBatchWithItsRowsAndRequests() throws Exception {
        start(ONE_WORKER);
        var blocker = occupyTheWorker("blocker");
        var first = batcher.submit(Payload.of("a", "a0", "a1"));
        var second = batcher.submit(Payload.of("a", "b0", "b1", "b2"));
        model.release();
        answer(blocker);
        answer(first);
        answer(second);

        assertThat(listener.batches()).extracting(BatchRan::rows, BatchRan::requests)
                .containsExactly(tuple(1, 1), tuple(5, 2));
        assertThat(listener.batches()).allSatisfy(batch -> assertThat(batch.engineNanos()).isNotNegative());
    }

    @Test
    void listener_hearsHowLongEachRequestWaitedInTheQueue() throws Exception {
        FakeTicker ticker = FakeTicker.random();
        start(ONE_WORKER, ticker);
        var blocker = occupyTheWorker("blocker");
        var waiting = batcher.submit(Payload.of("a", "x"));
        ticker.advance(Duration.ofMillis(7));
        model.release();
        answer(blocker);
        answer(waiting);

        assertThat(listener.queueWaits()).containsExactly(0L, Duration.ofMillis(7).toNanos());
    }
}

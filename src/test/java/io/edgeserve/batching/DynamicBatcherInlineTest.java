package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.RecordingListener.BatchRan;
import io.edgeserve.problem.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link DynamicBatcher#runOrSubmit}: a lone request runs on its caller's thread with an idle worker's runner, while
 * requests that find the batcher busy queue and batch as {@code submit}'s do; a runner is never in two threads.
 */
class DynamicBatcherInlineTest extends BatcherTestSupport {

    @Test
    void loneRequest_runsOnTheCallersThreadAndIsAnsweredOnReturn() throws Exception {
        start(ONE_WORKER);
        awaitTrue(() -> batcher.lendableWorkers() == 1, "the worker waits for work");

        CompletableFuture<List<String>> answer = batcher.runOrSubmit(Payload.of("a", "x"), null);

        assertThat(answer).isCompletedWithValue(List.of("echo:x"));
        assertThat(model.runs()).extracting(FakeModel.Ran::thread).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void loneRequestOnTheCallersThread_isCountedAsABatchOfOneThatWaitedNoQueue() throws Exception {
        start(ONE_WORKER);
        awaitTrue(() -> batcher.lendableWorkers() == 1, "the worker waits for work");

        answer(batcher.runOrSubmit(Payload.of("a", "x", "y"), null));

        assertThat(listener.batches()).extracting(BatchRan::rows, BatchRan::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1));
        assertThat(listener.queueWaits()).hasSize(1);
    }

    @Test
    void submit_alwaysHandsTheRequestToAWorker() throws Exception {
        start(ONE_WORKER);
        awaitTrue(() -> batcher.lendableWorkers() == 1, "the worker waits for work");

        answer(batcher.submit(Payload.of("a", "x")));

        assertThat(model.runs()).extracting(FakeModel.Ran::thread).allMatch(name -> name.startsWith("batcher-"));
    }

    @Test
    void requestsArrivingWhileOneRunsOnItsCaller_queueAndRunAsOneBatchOnTheWorker() throws Exception {
        start(ONE_WORKER);
        awaitTrue(() -> batcher.lendableWorkers() == 1, "the worker waits for work");
        model.hold();
        CompletableFuture<CompletableFuture<List<String>>> first = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("test-lone-caller")
                .start(() -> first.complete(batcher.runOrSubmit(Payload.of("a", "first"), null)));
        assertThat(model.awaitEntered().rows()).containsExactly("first");

        List<CompletableFuture<List<String>>> later = new ArrayList<>();
        for (String row : List.of("b", "c", "d")) {
            later.add(batcher.runOrSubmit(Payload.of("a", row), null));
        }
        assertThat(later).noneMatch(CompletableFuture::isDone); // queued: the only runner is lent out
        awaitTrue(() -> batcher.queueDepth() == 3, "the later requests are queued");
        model.release();

        assertThat(answer(first.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS))).containsExactly("echo:first");
        for (int i = 0; i < later.size(); i++) {
            assertThat(answer(later.get(i))).containsExactly("echo:" + List.of("b", "c", "d").get(i));
        }
        caller.join();
        assertThat(model.runs()).hasSize(2);
        assertThat(model.runs().get(0).thread()).isEqualTo("test-lone-caller");
        assertThat(model.runs().get(1).batch().rows()).containsExactly("b", "c", "d");
        assertThat(model.runs().get(1).thread()).startsWith("batcher-");
        assertThat(listener.batches()).extracting(BatchRan::requests).containsExactly(1, 3);
    }

    @Test
    void manyCallers_onCallersAndWorkersAlike_eachGetTheirOwnRows_andNoRunnerIsEverInTwoThreadsAtOnce() throws Exception {
        start(BatchingSettings.DEFAULTS.withWorkers(2).withMaxBatchSize(8).withQueueCapacity(256));
        // Both idle before the start: whichever caller comes first is a lone request and runs on its own thread.
        awaitTrue(() -> batcher.lendableWorkers() == 2, "both workers wait for work");
        int threads = 12;
        int requestsPerThread = 300;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> checked = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            CompletableFuture<Integer> done = new CompletableFuture<>();
            checked.add(done);
            Thread.ofPlatform().name("test-caller-" + t).start(() -> {
                try {
                    go.await();
                    int right = 0;
                    for (int i = 0; i < requestsPerThread; i++) {
                        String row = thread + "-" + i;
                        if (batcher.runOrSubmit(Payload.of("a", row), null).get(FakeModel.WAIT_SECONDS,
                                TimeUnit.SECONDS).equals(List.of("echo:" + row))) {
                            right++;
                        }
                    }
                    done.complete(right);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        }
        go.countDown();
        for (CompletableFuture<Integer> done : checked) {
            assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo(requestsPerThread);
        }

        assertThat(model.overlaps()).isZero();
        List<FakeModel.Ran> runs = model.runs();
        assertThat(runs).anyMatch(run -> run.thread().startsWith("test-caller-"));
        assertThat(runs).anyMatch(run -> run.thread().startsWith("batcher-"));
    }

    @Test
    void shutdown_answersALoneRequestStillInTheEngine_andTheWorkerClosesTheRunnerOnlyOnceItIsBack()
            throws Exception {
        start(ONE_WORKER);
        awaitTrue(() -> batcher.lendableWorkers() == 1, "the worker waits for work");
        model.hold();
        CompletableFuture<CompletableFuture<List<String>>> lone = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("test-lone-caller")
                .start(() -> lone.complete(batcher.runOrSubmit(Payload.of("a", "x"), null)));
        model.awaitEntered();

        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> batcher.shutdown(Duration.ofMillis(20)));

        // Answered at the end of the grace while the engine still runs it on the caller's thread.
        awaitTrue(() -> listener.rejections().contains(BatcherListener.Rejection.SHUTTING_DOWN),
                "the lone request is answered");
        assertThat(model.closedRunners()).isZero(); // the worker waits for its runner, still in the caller's thread
        model.release();
        assertThat(problem(lone.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS)).type())
                .isEqualTo(ProblemType.SHUTTING_DOWN);
        model.awaitClosed(1);
        assertThat(ended.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        caller.join();
    }

    @Test
    void afterShutdown_aLoneRequestIsRefusedWithoutRunning() throws Exception {
        start(ONE_WORKER);
        model.awaitCreated(1);
        batcher.shutdown(Duration.ZERO);

        CompletableFuture<List<String>> refused = batcher.runOrSubmit(Payload.of("a", "x"), null);

        assertThat(problem(refused).type()).isEqualTo(ProblemType.SHUTTING_DOWN);
        assertThat(model.runs()).isEmpty();
    }
}

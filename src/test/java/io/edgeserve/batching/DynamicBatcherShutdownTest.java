package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown: no new work, queued work finished within the grace, the rest answered, runners closed. */
class DynamicBatcherShutdownTest extends BatcherTestSupport {

    private static final Duration LONG_GRACE = Duration.ofSeconds(30);

    /** Starts shutdown on another thread, returns once the batcher has stopped accepting requests. */
    private FutureTask<Boolean> shutdownInBackground(Duration grace) throws InterruptedException {
        FutureTask<Boolean> shutdown = new FutureTask<>(() -> batcher.shutdown(grace));
        Thread.ofPlatform().name("test-shutdown").start(shutdown);
        awaitTrue(batcher::isShutdown, "the batcher stops accepting requests");
        return shutdown;
    }

    @Test
    void shutdown_finishesQueuedWorkWithinTheGrace() throws Exception {
        start(ONE_WORKER);
        var blocker = occupyTheWorker("blocker");
        var queued = List.of(batcher.submit(Payload.of("a", "q1")), batcher.submit(Payload.of("b", "q2")));
        FutureTask<Boolean> shutdown = shutdownInBackground(LONG_GRACE);
        model.release();

        assertThat(shutdown.get(FakeModel.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(blocker).isCompletedWithValue(List.of("echo:blocker"));
        assertThat(queued.get(0)).isCompletedWithValue(List.of("echo:q1"));
        assertThat(queued.get(1)).isCompletedWithValue(List.of("echo:q2"));
    }

    @Test
    void shutdown_runsQueuedWorkWithoutWaitingForTheDelay() throws Exception {
        // The clock never moves, so only shutdown can make the free worker stop waiting for more rows.
        start(ONE_WORKER.withWorkers(2).withTimeout(Duration.ofHours(2)).withMaxDelay(Duration.ofHours(1)),
                FakeTicker.random());
        occupyTheWorker("blocker");
        var queued = batcher.submit(Payload.of("a", "q"));
        shutdownInBackground(LONG_GRACE);

        assertThat(model.awaitEntered().rows()).containsExactly("q");
        model.release();
        assertThat(answer(queued)).containsExactly("echo:q");
    }

    @Test
    void submitDuringShutdown_failsAtOnceWithShuttingDown() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("blocker");
        shutdownInBackground(LONG_GRACE);

        var late = batcher.submit(Payload.of("a", "late"));

        assertThat(late).isCompletedExceptionally();
        assertThat(problem(late).type()).isEqualTo(ProblemType.SHUTTING_DOWN);
    }

    @Test
    void submitAfterShutdown_failsWithShuttingDown() {
        start(ONE_WORKER);
        batcher.shutdown(LONG_GRACE);

        assertThat(problem(batcher.submit(Payload.of("a", "late"))).type()).isEqualTo(ProblemType.SHUTTING_DOWN);
    }

    @Test
    void shutdown_answersWhatIsLeftWhenTheGraceEnds() throws Exception {
        start(ONE_WORKER);
        var running = occupyTheWorker("running");
        var waiting = batcher.submit(Payload.of("a", "waiting"));

        batcher.shutdown(Duration.ZERO);

        assertThat(running).isCompletedExceptionally();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(problem(running).type()).isEqualTo(ProblemType.SHUTTING_DOWN);
        assertThat(problem(waiting).type()).isEqualTo(ProblemType.SHUTTING_DOWN);
        assertThat(model.saw("waiting")).isFalse();
    }

    @Test
    void shutdown_interruptsAnEngineStillRunningAfterTheGraceAndClosesItsRunner() throws Exception {
        start(ONE_WORKER);
        occupyTheWorker("running"); // held until interrupted: the model's gate is never released

        batcher.shutdown(Duration.ZERO);

        model.awaitClosed(1);
    }

    @Test
    void shutdown_closesEveryRunner() throws Exception {
        start(ONE_WORKER.withWorkers(3));
        model.awaitCreated(3);

        assertThat(batcher.shutdown(LONG_GRACE)).isTrue();
        model.awaitClosed(3);
    }

    @Test
    void shutdown_endsTheBatchersThreads() {
        start(ONE_WORKER.withWorkers(2));
        String prefix = "batcher-" + batcher.name() + "-";

        assertThat(batcher.shutdown(LONG_GRACE)).isTrue();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith(prefix));
    }

    @Test
    void workers_arePlatformThreadsNamedAfterTheBatcherEachCreatingItsOwnRunner() throws Exception {
        start(ONE_WORKER.withWorkers(2));
        model.awaitCreated(2);

        String prefix = "batcher-" + batcher.name() + "-";
        assertThat(model.runnerThreads()).containsExactlyInAnyOrder(prefix + "0", prefix + "1");
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().startsWith(prefix))
                .noneMatch(Thread::isVirtual);
    }

    @Test
    void shutdown_canBeCalledTwice() {
        start(ONE_WORKER);

        assertThat(batcher.shutdown(LONG_GRACE)).isTrue();
        assertThat(batcher.shutdown(LONG_GRACE)).isTrue();
    }
}

package io.edgeserve.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallerWatchTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final CallerWatch watch = new CallerWatch(INTERVAL);

    @Test
    void aCallerThatLeft_hasItsRequestCancelledAndMarkedAbandoned() throws Exception {
        AtomicBoolean gone = new AtomicBoolean();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CallerWatch.Waiting waiting = watch.watch(pending, gone::get);

        Thread.sleep(3 * INTERVAL.toMillis());
        assertThat(pending).as("still there: left alone").isNotDone();

        gone.set(true);
        awaitDone(pending);
        assertThat(pending).isCancelled();
        assertThat(waiting.abandoned()).isTrue();
    }

    @Test
    void aCallerWhoseAnswerCameFirst_isNeitherCheckedNorCancelled() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CallerWatch.Waiting waiting = watch.watch(pending, () -> checks.incrementAndGet() > 0);
        pending.complete("answer");
        watch.release(waiting);

        Thread.sleep(3 * INTERVAL.toMillis());

        assertThat(pending).isCompletedWithValue("answer");
        assertThat(waiting.abandoned()).isFalse();
        assertThat(checks).hasValue(0);
    }

    @Test
    void aCheckThatFails_takesTheCallerToBeThere() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CallerWatch.Waiting waiting = watch.watch(pending, () -> {
            throw new IllegalStateException("no connection table");
        });

        Thread.sleep(3 * INTERVAL.toMillis());

        assertThat(pending).isNotDone();
        assertThat(waiting.abandoned()).isFalse();
        watch.release(waiting);
    }

    private static void awaitDone(CompletableFuture<?> future) throws InterruptedException {
        for (int i = 0; i < 200 && !future.isDone(); i++) {
            Thread.sleep(10);
        }
    }
}

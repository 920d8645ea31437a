package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.model.ModelManifest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class CaptureListenerTest {

    private final CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());

    private CaptureListener listener(CaptureSettings defaults, Map<String, ModelManifest.CaptureOverrides> manifests,
            CaptureQueue queue) {
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        return new CaptureListener(defaults, manifests::get, random::nextDouble, queue, metrics);
    }

    @Test
    void tenPercentSampling_over10000Requests_landsWithinBinomialTolerance() {
        CaptureQueue queue = new CaptureQueue(20_000);
        CaptureListener listener = listener(new CaptureSettings(true, 10, CaptureMode.BOTH, 1 << 20), Map.of(), queue);

        for (int i = 0; i < 10_000; i++) {
            listener.completed(CaptureRecords.json("r" + i));
        }

        // Binomial(10000, 0.1): mean 1000, standard deviation 30; five deviations either side fail once in 3.5 million.
        assertThat(queue.size()).isBetween(850, 1150);
    }

    @Test
    void fullSampling_capturesEveryAnsweredRequest_andNoRefusedOne() {
        CaptureQueue queue = new CaptureQueue(100);
        CaptureListener listener = listener(new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20), Map.of(), queue);

        listener.completed(CaptureRecords.json("answered"));
        listener.completed(CaptureRecords.refused("refused"));

        assertThat(drained(queue)).extracting(CaptureEvent::eventId).containsExactly("answered");
    }

    @Test
    void fullQueue_dropsAndCounts_withoutWaiting() {
        CaptureQueue queue = new CaptureQueue(10);
        CaptureListener listener = listener(new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20), Map.of(), queue);

        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            listener.completed(CaptureRecords.json("r" + i));
        }
        long elapsedNanos = System.nanoTime() - start;

        assertThat(queue.size()).isEqualTo(10);
        assertThat(metrics.droppedRecords()).containsEntry(CaptureMetrics.QUEUE_FULL, 990L);
        // Not a speed assertion: a listener that waited for room would never return here at all.
        assertThat(elapsedNanos).isLessThan(java.time.Duration.ofSeconds(30).toNanos());
    }

    @Test
    void afterShutdown_recordsLeftInTheQueueAndOnesOfferedLater_areHandedBackOrCounted() {
        CaptureQueue queue = new CaptureQueue(100);
        CaptureListener listener = listener(new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20), Map.of(), queue);
        for (int i = 0; i < 3; i++) {
            listener.completed(CaptureRecords.json("before-" + i));
        }

        List<CaptureEvent> left = queue.close();
        listener.completed(CaptureRecords.json("after-0"));
        listener.completed(CaptureRecords.json("after-1"));

        assertThat(left).extracting(CaptureEvent::eventId).containsExactly("before-0", "before-1", "before-2");
        assertThat(queue.size()).isZero();
        assertThat(metrics.droppedRecords()).containsEntry(CaptureMetrics.SHUTDOWN, 2L)
                .containsEntry(CaptureMetrics.QUEUE_FULL, 0L);
    }

    @Test
    void manifestOverrides_turnAModelOffOrChangeItsModeAndLimit() {
        CaptureQueue queue = new CaptureQueue(100);
        Map<String, ModelManifest.CaptureOverrides> manifests = Map.of(
                "quiet", new ModelManifest.CaptureOverrides(false, null, null, null),
                "linreg", new ModelManifest.CaptureOverrides(null, null, "output", DataSize.ofBytes(2)));
        CaptureListener listener = listener(new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20), manifests, queue);

        listener.completed(CaptureRecords.answered("q", "application/json", "[1]".getBytes(), "application/json",
                "[2]".getBytes(), "quiet"));
        listener.completed(CaptureRecords.json("l"));

        CaptureEvent event = queue.poll();
        assertThat(event.eventId()).isEqualTo("l");
        assertThat(event.input()).isNull();
        assertThat(event.output().skipped()).isTrue();
        assertThat(queue.size()).isZero();
    }

    @Test
    void modelMayTurnCaptureOnWhereTheDefaultSamplesNothing() {
        CaptureQueue queue = new CaptureQueue(100);
        CaptureListener listener = listener(new CaptureSettings(true, 0, CaptureMode.BOTH, 1 << 20),
                Map.of("linreg", new ModelManifest.CaptureOverrides(null, 100.0, null, null)), queue);

        listener.completed(CaptureRecords.json("l"));
        listener.completed(CaptureRecords.answered("o", "application/json", "[1]".getBytes(), "application/json",
                "[2]".getBytes(), "other"));

        assertThat(drained(queue)).extracting(CaptureEvent::eventId).containsExactly("l");
    }

    @Test
    void manifestTurnsCaptureOn_whereTheGlobalDefaultIsOff_andStartsTheWriter() {
        CaptureQueue queue = new CaptureQueue(100);
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        CaptureListener listener = new CaptureListener(new CaptureSettings(false, 100, CaptureMode.BOTH, 1 << 20),
                Map.of("linreg", new ModelManifest.CaptureOverrides(true, null, null, null))::get, () -> 0, queue,
                metrics, starts::incrementAndGet);

        listener.completed(CaptureRecords.answered("o", "application/json", "[1]".getBytes(), "application/json",
                "[2]".getBytes(), "other"));
        assertThat(starts).as("nothing to capture: nothing started").hasValue(0);
        listener.completed(CaptureRecords.json("l"));

        assertThat(drained(queue)).extracting(CaptureEvent::eventId).containsExactly("l");
        assertThat(starts).hasValue(1);
    }

    private static List<CaptureEvent> drained(CaptureQueue queue) {
        List<CaptureEvent> events = new ArrayList<>();
        queue.drainTo(events, queue.capacity());
        return events;
    }
}

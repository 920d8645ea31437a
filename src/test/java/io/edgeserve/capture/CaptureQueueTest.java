package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CaptureQueueTest {

    @Test
    void offer_wakesAParkedWriterOncePerBatch_notPerRecord() throws Exception {
        CaptureQueue queue = new CaptureQueue(100, 4);
        Thread writer = Thread.ofPlatform().start(() -> queue.awaitRecords(TimeUnit.MINUTES.toNanos(5)));
        while (writer.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }

        for (int i = 0; i < 3; i++) {
            assertThat(queue.offer(CaptureEvent.of(CaptureRecords.json("r" + i), settings()))).isTrue();
        }
        writer.join(Duration.ofMillis(300));
        assertThat(writer.isAlive()).as("three records of a batch of four leave the writer asleep").isTrue();

        queue.offer(CaptureEvent.of(CaptureRecords.json("r3"), settings()));
        writer.join(Duration.ofSeconds(30));
        assertThat(writer.isAlive()).as("the fourth record wakes it").isFalse();
    }

    @Test
    void awaitRecords_returnsAtOnce_whereABatchIsWaitingAlready() {
        CaptureQueue queue = new CaptureQueue(100, 2);
        queue.offer(CaptureEvent.of(CaptureRecords.json("a"), settings()));
        queue.offer(CaptureEvent.of(CaptureRecords.json("b"), settings()));

        long start = System.nanoTime();
        queue.awaitRecords(TimeUnit.MINUTES.toNanos(5));

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    void fullQueue_refusesAtOnce_andDrainsInOrder() {
        CaptureQueue queue = new CaptureQueue(2);
        assertThat(queue.offer(CaptureEvent.of(CaptureRecords.json("first"), settings()))).isTrue();
        assertThat(queue.offer(CaptureEvent.of(CaptureRecords.json("second"), settings()))).isTrue();
        assertThat(queue.offer(CaptureEvent.of(CaptureRecords.json("third"), settings()))).isFalse();

        List<CaptureEvent> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained, 10)).isEqualTo(2);
        assertThat(drained).extracting(CaptureEvent::eventId).containsExactly("first", "second");
    }

    private static CaptureSettings settings() {
        return new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20);
    }
}

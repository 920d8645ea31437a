package io.edgeserve.capture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The capture path without threads, for bench's CaptureCostProbe: the listener's offers, then the writer's work. */
public final class CaptureProbe implements AutoCloseable {

    private final CaptureListener listener;
    private final CaptureQueue queue = new CaptureQueue(100_000);
    private final SpoolWriter writer;
    private final io.edgeserve.invocation.InvocationRecord record;

    public CaptureProbe(Path dir, String model, byte[] body, byte[] answer) {
        CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());
        listener = new CaptureListener(new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20), name -> null,
                () -> 0, queue, metrics);
        writer = new SpoolWriter(new Spool(dir, 1L << 40, Duration.ofDays(1), Clock.systemUTC()), 8 << 20,
                Duration.ofMinutes(1), Duration.ofSeconds(1), metrics, Clock.systemUTC(), System.nanoTime());
        record = CaptureRecords.answered("probe", "application/json", body, "application/json", answer, model);
    }

    public void offer(int records) {
        for (int i = 0; i < records; i++) {
            listener.completed(record);
        }
    }

    /** Writes every queued record, with a flush per 1,000 (a busy second's worth). */
    public void write() {
        long now = System.nanoTime();
        int written = 0;
        for (CaptureEvent event; (event = queue.poll()) != null; ) {
            writer.write(event, now);
            if (++written % 1000 == 0) {
                writer.flush(now);
            }
        }
        writer.flush(now);
    }

    /** Encodes {@code records} lines without writing them. */
    public long encodeOnly(int records) {
        CaptureEvent event = CaptureEvent.of(record, new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20));
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            bytes += CaptureLine.encode(event).length;
        }
        return bytes;
    }

    @Override
    public void close() {
        writer.close();
    }
}

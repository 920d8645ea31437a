package io.edgeserve.capture;

import io.edgeserve.uplink.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The child JVM of {@link CaptureCrashTest}: the capture agents as the service runs them, with no destination,
 * fed records numbered 0, 1, 2, ... until the test kills the process. It prints how many it has handed over.
 */
public final class CaptureWriterProcess {

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        // Files close by size while the child writes; the last one stays open until the kill, however slowly the
        // child is scheduled on a busy machine.
        CaptureProperties properties = settings(Duration.ofMillis(50), Duration.ofMinutes(5), DataSize.ofKilobytes(256),
                100_000);
        CaptureMetrics metrics = new CaptureMetrics(new SimpleMeterRegistry());
        CaptureQueue queue = new CaptureQueue(properties.queueCapacity());
        Clock clock = Clock.systemUTC();
        Spool spool = new Spool(dir, properties.maxSpoolSize().toBytes(), properties.maxAge(), clock);
        Uploader uploader = new Uploader(spool, null, new ObjectKeys("", "child"),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0), metrics, clock);
        CaptureAgents agents = new CaptureAgents(properties, queue, spool, null, uploader, metrics, clock, System::nanoTime);
        agents.start();
        CaptureListener listener = new CaptureListener(properties.defaults(), model -> null, () -> 0, queue, metrics);
        for (long i = 0; ; i++) {
            listener.completed(CaptureRecords.json(Long.toString(i)));
            if (i % 20 == 19) {
                System.out.println("queued " + (i + 1));
                System.out.flush();
                Thread.sleep(1);
            }
        }
    }

    /** Settings as the defaults give them, with the given intervals, file size and queue. */
    static CaptureProperties settings(Duration flushInterval, Duration rotateInterval, DataSize maxFileSize,
            int queueCapacity) {
        return new CaptureProperties(true, 100, CaptureMode.BOTH, DataSize.ofMegabytes(1), null,
                DataSize.ofMegabytes(256), Duration.ofDays(7), null, flushInterval, queueCapacity,
                maxFileSize, rotateInterval, "child", new CaptureProperties.S3(null, "us-east-1", true),
                Duration.ofSeconds(1), Duration.ofMinutes(5));
    }
}

package io.edgeserve.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data capture's two background threads, off the request path: the writer drains the capture queue into the spool
 * ({@link SpoolWriter}) and keeps the spool within its bounds; the uploader sends closed files on
 * ({@link Uploader}), woken by the writer whenever it closes one. Started once: at start-up where capture is on by
 * default, else by the first record of a model whose manifest turns it on ({@link #startOnDemand}), so that a gateway
 * that captures nothing runs no capture thread. Closing drains the queue into the spool and closes every open file,
 * so what was captured before a clean stop is uploaded after the next start.
 */
public final class CaptureAgents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureAgents.class);
    /**
     * The longest the writer sleeps while records may be waiting. Records need only reach the file by the next flush;
     * this keeps the queue short under moderate load, so that a burst finds it nearly empty.
     */
    static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CaptureProperties properties;
    private final CaptureQueue queue;
    private final Spool spool;
    private final CaptureDestination destination;
    private final Uploader uploader;
    private final CaptureMetrics metrics;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean closed;
    private final AtomicBoolean startRequested = new AtomicBoolean();
    private volatile String startFailure;
    private volatile SpoolWriter writer;
    private Thread writerThread;
    private Thread uploaderThread;

    public CaptureAgents(CaptureProperties properties, CaptureQueue queue, Spool spool,
            CaptureDestination destination, Uploader uploader, CaptureMetrics metrics, Clock clock,
            LongSupplier nanoTime) {
        this.properties = properties;
        this.queue = queue;
        this.spool = spool;
        this.destination = destination;
        this.uploader = uploader;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Starts now where capture is on by default ({@code edgeserve.capture.enabled}); else waits for a model's record. */
    public void startIfEnabledByDefault() {
        if (properties.enabled()) {
            startRequested.set(true);
            start();
        }
    }

    /**
     * Starts the agents in the background the first time a record is queued (on the request's thread, so it only
     * reads a flag after that): records wait in the bounded queue meanwhile, and the request never waits.
     */
    public void startOnDemand() {
        if (!running && !closed && startRequested.compareAndSet(false, true)) {
            Thread.ofVirtual().name("capture-start").start(() -> {
                try {
                    start();
                } catch (RuntimeException e) {
                    startFailure = e.getMessage();
                    log.error("Data capture could not start; records are dropped (queue_full) until a restart", e);
                }
            });
        }
    }

    /** Repairs what a crash left in the spool, then starts both threads. */
    public synchronized void start() {
        if (running || closed) {
            return;
        }
        try {
            spool.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the capture spool " + spool.dir(), e);
        }
        writer = new SpoolWriter(spool, properties.maxFileSize().toBytes(), properties.rotateInterval(),
                properties.flushInterval(), metrics, clock, nanoTime.getAsLong());
        running = true;
        writerThread = Thread.ofPlatform().daemon().name("capture-writer").start(this::writeLoop);
        uploaderThread = Thread.ofPlatform().daemon().name("capture-uploader").start(this::uploadLoop);
        log.info("Data capture on: spool {}, destination {}", spool.dir(),
                destination == null ? "none (files stay in the spool)" : destination.describe());
    }

    private void writeLoop() {
        SpoolWriter writer = this.writer;
        List<CaptureEvent> batch = new ArrayList<>(queue.capacity());
        long now = nanoTime.getAsLong();
        long lastBoundsNanos = now;
        while (running) {
            try {
                queue.awaitRecords(Math.clamp(writer.nanosToNextTick(now), 1, DRAIN_NANOS));
                now = nanoTime.getAsLong();
                boolean closed = drain(writer, batch, now);
                closed |= writer.tick(now);
                if (closed || now - lastBoundsNanos >= properties.flushInterval().toNanos()) {
                    lastBoundsNanos = now;
                    spool.enforceBounds(metrics::dropped);
                }
                if (closed) {
                    wake.release();
                }
            } catch (RuntimeException e) { // never let the writer die: it would stop capture silently
                batch.clear();
                log.warn("Capture writer failed; it goes on", e);
            }
        }
        drain(writer, batch, nanoTime.getAsLong());
        writer.close();
        spool.enforceBounds(metrics::dropped);
    }

    /** Writes what the queue holds now (not what arrives meanwhile, so that a tick is never put off for long). */
    private boolean drain(SpoolWriter writer, List<CaptureEvent> batch, long now) {
        boolean closed = false;
        queue.drainTo(batch, queue.capacity());
        for (CaptureEvent event : batch) {
            closed |= writer.write(event, now);
        }
        batch.clear();
        return closed;
    }

    private void uploadLoop() {
        while (running) {
            try {
                long wait = uploader.step(nanoTime.getAsLong());
                if (wait > 0) {
                    wake.tryAcquire(Math.min(wait, Uploader.IDLE_NANOS), TimeUnit.NANOSECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("Capture uploader failed; it goes on", e);
            }
        }
    }

    /** Wakes the uploader now (a test, or an operator after the uplink came back). */
    public void nudgeUploader() {
        wake.release();
    }

    public CaptureStatus status() {
        SpoolWriter current = writer;
        return new CaptureStatus(running, destination == null ? null : destination.describe(),
                current == null ? SpoolWriter.State.IDLE.name() : current.state().name(),
                current == null ? startFailure : current.failure(),
                uploader.state().name(), uploader.lastFailure(), uploader.consecutiveFailures(),
                metrics.capturedRecords(), metrics.droppedRecords(), metrics.skippedBodies(), queue.size(),
                properties.queueCapacity(), spool.bytes(), properties.maxSpoolSize().toBytes(), spool.closed().size(),
                metrics.uploads(), metrics.uploadFailures(), metrics.lastUpload(), metrics.rejectedFiles(),
                spool.rejected().size(), uploader.lastRejection());
    }

    /** Stops both threads (the writer first drains the queue and closes its files) and the destination's client. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (running) {
            running = false;
            queue.wake();
            wake.release();
            join(writerThread, 10_000);
            uploaderThread.interrupt();
            join(uploaderThread, 5_000);
        }
        // Requests still finishing as the service stops may offer records after the writer's last drain: counted.
        int left = queue.close().size();
        if (left > 0) {
            metrics.dropped(CaptureMetrics.SHUTDOWN, left);
            log.info("Data capture: {} records answered after the last write as the service stopped, counted as dropped",
                    left);
        }
        if (destination != null) { // made at start-up, whether or not any model ever captured
            destination.close();
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

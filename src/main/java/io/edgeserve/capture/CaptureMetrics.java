package io.edgeserve.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Data capture's meters, {@code edgeserve_capture_*}: records captured, dropped by reason, bodies skipped as too
 * large, spool bytes, files waiting, uploads and their failures, and the time of the last successful upload. The
 * {@code reason} tag has a fixed set of values ({@link #REASONS}). GET /capture reads the same numbers from here.
 */
public final class CaptureMetrics {

    static final String RECORDS = "edgeserve.capture.records";
    static final String DROPPED = "edgeserve.capture.dropped.records";
    static final String SKIPPED_BODIES = "edgeserve.capture.skipped.bodies";
    static final String SPOOL_SIZE = "edgeserve.capture.spool.size";
    static final String FILES_WAITING = "edgeserve.capture.files.waiting";
    static final String QUEUE_DEPTH = "edgeserve.capture.queue.depth";
    static final String UPLOADS = "edgeserve.capture.uploads";
    static final String UPLOAD_FAILURES = "edgeserve.capture.upload.failures";
    static final String LAST_UPLOAD = "edgeserve.capture.last.upload.timestamp";
    static final String REJECTED_FILES = "edgeserve.capture.rejected.files";
    static final String REJECTED_RECORDS = "edgeserve.capture.rejected.records";
    static final String FILES_REJECTED = "edgeserve.capture.files.rejected";

    /** The capture queue was full; the record was never written. */
    static final String QUEUE_FULL = "queue_full";
    /** Writing to the spool failed (a full or broken disk). */
    static final String WRITE_FAILED = "write_failed";
    /** Answered after the writer's last drain as the service stopped: there is no writer left to take them. */
    static final String SHUTDOWN = "shutdown";
    static final java.util.List<String> REASONS =
            java.util.List.of(QUEUE_FULL, WRITE_FAILED, Spool.SPOOL_FULL, Spool.EXPIRED, SHUTDOWN);

    private final Counter records;
    private final Counter skippedBodies;
    private final Counter uploads;
    private final Counter uploadFailures;
    private final Counter rejectedFiles;
    private final Counter rejectedRecords;
    private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastUpload = new AtomicReference<>();

    public CaptureMetrics(MeterRegistry registry) {
        records = Counter.builder(RECORDS).description("Records written to the capture spool").register(registry);
        skippedBodies = Counter.builder(SKIPPED_BODIES)
                .description("Captured bodies over max-body-size, recorded as skipped").register(registry);
        uploads = Counter.builder(UPLOADS).description("Capture files the destination confirmed").register(registry);
        uploadFailures = Counter.builder(UPLOAD_FAILURES).description("Capture file uploads that failed")
                .register(registry);
        rejectedFiles = Counter.builder(REJECTED_FILES)
                .description("Capture files the destination refused for good, moved aside to the spool's rejected/")
                .register(registry);
        rejectedRecords = Counter.builder(REJECTED_RECORDS)
                .description("Records in capture files moved aside to the spool's rejected/").register(registry);
        for (String reason : REASONS) {
            dropped.put(reason, Counter.builder(DROPPED).description("Captured records lost before upload, by reason")
                    .tag("reason", reason).register(registry));
        }
        Gauge.builder(LAST_UPLOAD, lastUpload, last -> last.get() == null ? Double.NaN : last.get().toEpochMilli() / 1000.0)
                .description("When the destination last confirmed a capture file (Unix time)")
                .baseUnit("seconds").register(registry);
        this.registry = registry;
    }

    private final MeterRegistry registry;

    /** Gauges of the spool and queue, read when scraped. */
    <T> void observe(T spool, ToDoubleFunction<T> bytes, ToDoubleFunction<T> filesWaiting,
            ToDoubleFunction<T> filesRejected) {
        Gauge.builder(FILES_REJECTED, spool, filesRejected)
                .description("Capture files in the spool's rejected/ folder, never to be uploaded")
                .strongReference(true).register(registry);
        Gauge.builder(SPOOL_SIZE, spool, bytes).description("Bytes in the capture spool").baseUnit("bytes")
                .strongReference(true).register(registry);
        Gauge.builder(FILES_WAITING, spool, filesWaiting).description("Closed capture files waiting for upload")
                .strongReference(true).register(registry);
    }

    <T> void observeQueue(T queue, ToDoubleFunction<T> depth) {
        Gauge.builder(QUEUE_DEPTH, queue, depth).description("Captured records waiting for the writer")
                .strongReference(true).register(registry);
    }

    void captured() {
        records.increment();
    }

    void skippedBody() {
        skippedBodies.increment();
    }

    void dropped(String reason, long count) {
        dropped.get(reason).increment(count);
    }

    void uploaded(Instant when) {
        uploads.increment();
        lastUpload.set(when);
    }

    void uploadFailed() {
        uploadFailures.increment();
    }

    void rejected(long records) {
        rejectedFiles.increment();
        rejectedRecords.increment(records);
    }

    public long rejectedFiles() {
        return (long) rejectedFiles.count();
    }

    public long rejectedRecords() {
        return (long) rejectedRecords.count();
    }

    public long capturedRecords() {
        return (long) records.count();
    }

    public long skippedBodies() {
        return (long) skippedBodies.count();
    }

    /** Records dropped, by reason, every reason present. */
    public Map<String, Long> droppedRecords() {
        Map<String, Long> counts = new TreeMap<>();
        dropped.forEach((reason, counter) -> counts.put(reason, (long) counter.count()));
        return counts;
    }

    public long uploads() {
        return (long) uploads.count();
    }

    public long uploadFailures() {
        return (long) uploadFailures.count();
    }

    /** The last confirmed upload, or null. */
    public Instant lastUpload() {
        return lastUpload.get();
    }
}

package io.edgeserve.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Appends captured records to the spool, one open file per variant (a file's records share its object key's
 * variant and hour). Lines are buffered in memory and reach the file every {@code flushInterval}: a crash loses at
 * most that. A file is closed (and may be uploaded) when it reaches {@code maxFileBytes}, has been open for
 * {@code rotateInterval}, or its hour has passed. Runs on the capture writer's thread only; time is passed in.
 *
 * <p>States: {@link State#IDLE} with no file open, {@link State#WRITING} with one or more, {@link State#FAILED}
 * when the last write failed (the reason kept for GET /capture); the next record tries again with a new file.
 */
public final class SpoolWriter implements AutoCloseable {

    public enum State { IDLE, WRITING, FAILED }

    private final Spool spool;
    private final long maxFileBytes;
    private final long rotateNanos;
    private final long flushNanos;
    private final CaptureMetrics metrics;
    private final Clock clock;
    private final Map<String, OpenFile> open = new HashMap<>();
    private long nextSequence;
    private long lastFlushNanos;
    private volatile State state = State.IDLE;
    private volatile String failure;

    public SpoolWriter(Spool spool, long maxFileBytes, Duration rotateInterval, Duration flushInterval,
            CaptureMetrics metrics, Clock clock, long nowNanos) {
        this.spool = spool;
        this.maxFileBytes = maxFileBytes;
        this.rotateNanos = rotateInterval.toNanos();
        this.flushNanos = flushInterval.toNanos();
        this.metrics = metrics;
        this.clock = clock;
        this.nextSequence = spool.nextSequence();
        this.lastFlushNanos = nowNanos;
    }

    public State state() {
        return state;
    }

    /** Why the last write failed, or null. */
    public String failure() {
        return failure;
    }

    /**
     * Appends one record (buffered until the next flush).
     *
     * @return true where a file was closed, so the uploader has work
     */
    public boolean write(CaptureEvent event, long nowNanos) {
        boolean closedOne = false;
        try {
            OpenFile file = open.get(event.variant());
            if (file == null) {
                file = openFile(event.variant(), nowNanos);
            }
            file.append(event);
            state = State.WRITING;
            metrics.captured();
            if (event.input() != null && event.input().skipped()) {
                metrics.skippedBody();
            }
            if (event.output() != null && event.output().skipped()) {
                metrics.skippedBody();
            }
            if (file.bytes >= maxFileBytes) {
                closeFile(file);
                closedOne = true;
            }
        } catch (IOException e) {
            fail(event.variant(), e);
            metrics.dropped(CaptureMetrics.WRITE_FAILED, 1);
        } catch (RuntimeException e) { // this record could not be encoded: it alone is lost, and counted
            state = State.FAILED;
            failure = "encoding a record of " + event.model() + ": " + e;
            metrics.dropped(CaptureMetrics.WRITE_FAILED, 1);
        }
        return closedOne;
    }

    /**
     * Flushes when {@code flushInterval} has passed and closes files open too long or from an hour gone by.
     *
     * @return true where a file was closed
     */
    public boolean tick(long nowNanos) {
        boolean closedOne = false;
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenFile file = it.next();
            if (nowNanos - file.openedNanos >= rotateNanos || !file.hour.equals(hour)) {
                try {
                    file.closeAndRename();
                } catch (IOException e) {
                    state = State.FAILED;
                    failure = "closing " + file.name.closedName() + ": " + e.getMessage();
                }
                it.remove();
                closedOne = true;
            }
        }
        if (nowNanos - lastFlushNanos >= flushNanos) {
            flush(nowNanos);
        }
        if (open.isEmpty() && state == State.WRITING) {
            state = State.IDLE;
        }
        return closedOne;
    }

    /** When {@link #tick} next has something to do, as a wait from {@code nowNanos}. */
    public long nanosToNextTick(long nowNanos) {
        long wait = lastFlushNanos + flushNanos - nowNanos;
        for (OpenFile file : open.values()) {
            wait = Math.min(wait, file.openedNanos + rotateNanos - nowNanos);
        }
        return Math.max(0, wait);
    }

    /** Writes every buffered line to its file and to the disk. */
    public void flush(long nowNanos) {
        lastFlushNanos = nowNanos;
        for (OpenFile file : open.values().toArray(OpenFile[]::new)) {
            try {
                file.flush();
            } catch (IOException e) {
                fail(file.name.variant(), e);
            }
        }
    }

    /** Flushes and closes every open file: they are uploaded next (or after a restart). */
    @Override
    public void close() {
        for (OpenFile file : open.values()) {
            try {
                file.closeAndRename();
            } catch (IOException e) {
                failure = "closing " + file.name.closedName() + ": " + e.getMessage();
            }
        }
        open.clear();
        state = State.IDLE;
    }

    private OpenFile openFile(String variant, long nowNanos) throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SpoolFile name = new SpoolFile(nextSequence++, variant, now,
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        OpenFile file = new OpenFile(name, FileChannel.open(spool.openPath(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), nowNanos, now.truncatedTo(ChronoUnit.HOURS));
        open.put(variant, file);
        return file;
    }

    private void closeFile(OpenFile file) throws IOException {
        open.remove(file.name.variant());
        file.closeAndRename();
    }

    private void fail(String variant, IOException e) {
        state = State.FAILED;
        failure = e.toString();
        OpenFile broken = open.remove(variant);
        if (broken != null) {
            try {
                broken.closeAndRename(); // what reached the file is kept; a torn tail is cut on restart
            } catch (IOException ignored) {
                // the disk is failing: recovery at the next start deals with this file
            }
        }
    }

    /** An open spool file and the lines not yet written to it. */
    private final class OpenFile {
        /** Buffered lines are written to the file at this size, and at each flush. */
        static final int WRITE_BYTES = 256 * 1024;

        final SpoolFile name;
        final FileChannel channel;
        final long openedNanos;
        final Instant hour;
        final LineBuffer pending = new LineBuffer();
        long bytes;

        OpenFile(SpoolFile name, FileChannel channel, long openedNanos, Instant hour) {
            this.name = name;
            this.channel = channel;
            this.openedNanos = openedNanos;
            this.hour = hour;
        }

        /**
         * Encodes the event straight into the buffer; only whole lines stay there (a line that failed to encode is
         * taken back), and the buffer reaches the file whole, at its size or at a flush.
         */
        void append(CaptureEvent event) throws IOException {
            int start = pending.size();
            try {
                CaptureLine.encode(event, pending);
            } catch (RuntimeException e) {
                pending.truncate(start);
                throw e;
            }
            bytes += pending.size() - start;
            if (pending.size() >= WRITE_BYTES) {
                writePending();
            }
        }

        void flush() throws IOException {
            writePending();
            channel.force(false);
        }

        void closeAndRename() throws IOException {
            try (channel) {
                flush();
            }
            spool.close(name);
        }

        private void writePending() throws IOException {
            ByteBuffer buffer = pending.contents();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            pending.clear();
        }
    }

    /** A growing byte buffer the lines are encoded into, read in place: no copy between the encoder and the file. */
    private static final class LineBuffer extends ByteArrayOutputStream {

        LineBuffer() {
            super(OpenFile.WRITE_BYTES + 64 * 1024);
        }

        ByteBuffer contents() {
            return ByteBuffer.wrap(buf, 0, count);
        }

        void truncate(int size) {
            count = size;
        }

        /** Empties it, giving back what one very large record made it grow to. */
        void clear() {
            count = 0;
            if (buf.length > 4 * OpenFile.WRITE_BYTES) {
                buf = new byte[OpenFile.WRITE_BYTES + 64 * 1024];
            }
        }
    }
}

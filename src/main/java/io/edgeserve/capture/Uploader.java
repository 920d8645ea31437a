package io.edgeserve.capture;

import io.edgeserve.uplink.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends closed spool files to the destination, oldest first, one at a time, and deletes each only after the store
 * confirmed it. While the destination fails it waits with exponential backoff and tries the same file again, so
 * files arrive in order; after a restart it starts again from the oldest file left, under the same key. A file the
 * destination refuses for good ({@link RejectedUploadException}, e.g. S3's AccessDenied) is tried
 * {@link #MAX_REJECTIONS} times, with the same backoff, then moved aside into the spool's {@code rejected/} folder and
 * counted, so that one bad file never blocks the files behind it.
 *
 * <p>A state machine driven by {@link #step}: {@link State#IDLE} (nothing waiting), {@link State#UPLOADING},
 * {@link State#BACKING_OFF} (the last attempt failed; the reason is kept) and {@link State#NO_DESTINATION} (files
 * stay in the spool). The caller's thread runs it and sleeps for what {@code step} returns; time is passed in.
 */
public final class Uploader {

    public enum State { IDLE, UPLOADING, BACKING_OFF, NO_DESTINATION }

    private static final Logger log = LoggerFactory.getLogger(Uploader.class);
    /** How long to sleep with nothing to do; the writer wakes the uploader earlier when it closes a file. */
    static final long IDLE_NANOS = Duration.ofSeconds(5).toNanos();
    /**
     * Attempts a file gets while the destination refuses it for good: more than one, since a policy or a bucket being
     * fixed at that moment looks the same from here; few, since the files behind it wait meanwhile.
     */
    static final int MAX_REJECTIONS = 3;

    private final Spool spool;
    private final CaptureDestination destination;
    private final ObjectKeys keys;
    private final Backoff backoff;
    private final CaptureMetrics metrics;
    private final Clock clock;
    private volatile State state;
    private volatile String lastFailure;
    private int consecutiveFailures;
    private long nextAttemptNanos;
    private SpoolFile refusedFile;
    private int refusals;
    private volatile String lastRejection;

    /** @param destination where files go, or null to keep them in the spool */
    public Uploader(Spool spool, CaptureDestination destination, ObjectKeys keys, Backoff backoff,
            CaptureMetrics metrics, Clock clock) {
        this.spool = spool;
        this.destination = destination;
        this.keys = keys;
        this.backoff = backoff;
        this.metrics = metrics;
        this.clock = clock;
        this.state = destination == null ? State.NO_DESTINATION : State.IDLE;
    }

    public State state() {
        return state;
    }

    /** Why the last upload failed, or null since a success. */
    public String lastFailure() {
        return lastFailure;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The last file moved aside and why, or null. */
    public String lastRejection() {
        return lastRejection;
    }

    /**
     * Does the next thing there is to do: uploads the oldest closed file where one waits and no backoff holds.
     *
     * @return how long to wait before the next step, in nanoseconds (0: go on at once)
     */
    public long step(long nowNanos) {
        if (destination == null) {
            return Long.MAX_VALUE;
        }
        if (state == State.BACKING_OFF && nowNanos - nextAttemptNanos < 0) {
            return nextAttemptNanos - nowNanos;
        }
        List<SpoolFile> waiting = spool.closed();
        if (waiting.isEmpty()) {
            state = State.IDLE;
            return IDLE_NANOS;
        }
        SpoolFile file = waiting.getFirst();
        state = State.UPLOADING;
        spool.uploading(file);
        try {
            destination.store(keys.key(file), spool.closedPath(file));
            spool.delete(file);
            metrics.uploaded(clock.instant());
            consecutiveFailures = 0;
            lastFailure = null;
            refusedFile = null;
            state = waiting.size() > 1 ? State.UPLOADING : State.IDLE;
            return 0;
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(spool.closedPath(file))) { // a bound deleted it just before it was marked
                return 0;
            }
            metrics.uploadFailed();
            if (e instanceof RejectedUploadException && rejectedForGood(file, e)) {
                return 0;
            }
            consecutiveFailures++;
            lastFailure = e.getMessage();
            nextAttemptNanos = backoff.nextAttemptNanos(nowNanos, consecutiveFailures);
            state = State.BACKING_OFF;
            if (consecutiveFailures == 1 || Integer.bitCount(consecutiveFailures) == 1) {
                log.warn("Capture upload of {} failed ({} in a row), next attempt in {} ms: {}", file.closedName(),
                        consecutiveFailures, (nextAttemptNanos - nowNanos) / 1_000_000, e.toString());
            }
            return nextAttemptNanos - nowNanos;
        } finally {
            spool.uploading(null);
        }
    }

    /**
     * Counts one more refusal of {@code file}; at the last one moves it aside and clears the backoff.
     *
     * @return true where it was moved aside: the next file may go at once
     */
    private boolean rejectedForGood(SpoolFile file, Exception e) {
        if (!file.equals(refusedFile)) {
            refusedFile = file;
            refusals = 0;
        }
        if (++refusals < MAX_REJECTIONS) {
            return false;
        }
        refusedFile = null;
        refusals = 0;
        try {
            long records = spool.reject(file);
            metrics.rejected(records);
            lastRejection = file.closedName() + ": " + e.getMessage();
            log.error("Capture upload of {} refused {} times, moved to {} ({} record(s) kept there): {}",
                    file.closedName(), MAX_REJECTIONS, spool.rejectedPath(file), records, e.getMessage());
        } catch (IOException moveFailed) {
            log.warn("Capture upload: could not move {} aside: {}", file.closedName(), moveFailed.toString());
            return false;
        }
        consecutiveFailures = 0;
        lastFailure = e.getMessage();
        state = State.UPLOADING;
        return true;
    }
}

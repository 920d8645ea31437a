package io.edgeserve.sync;

import io.edgeserve.registry.StartupLoad;
import io.edgeserve.uplink.Backoff;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent in the background: first {@link SyncAgent#restore()} (serve what is on disk at once), then a
 * sync straight away and one per jittered interval; while the source is unreachable, retries back off
 * exponentially up to the interval. Time comes from an injected nanosecond ticker.
 */
public final class SyncScheduler implements AutoCloseable, StartupLoad {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncAgent agent;
    private final Backoff backoff;
    private final Duration interval;
    private final double jitter;
    private final LongSupplier nanoTime;
    private final Thread thread;
    private volatile boolean running = true;
    /** Until the restore from disk has returned, {@code /ping} waits for it ({@link StartupLoad}). */
    private volatile boolean restoring = true;

    public SyncScheduler(SyncAgent agent, Backoff backoff, Duration interval, double jitter, LongSupplier nanoTime) {
        this.agent = agent;
        this.backoff = backoff;
        this.interval = interval;
        this.jitter = jitter;
        this.nanoTime = nanoTime;
        this.thread = Thread.ofPlatform().name("model-sync").daemon().unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** The wait before the next sync after one that ended in {@code status}, {@code failures} failing in a row. */
    Duration nextDelay(SyncStatus status, int failures) {
        if (failures > 0) {
            return backoff.delayAfter(failures);
        }
        return backoff.jittered(interval, jitter);
    }

    @Override
    public String name() {
        return "model sync";
    }

    @Override
    public String pending() {
        return restoring ? "restoring the synced models from disk" : null;
    }

    private void loop() {
        try {
            agent.restore();
        } catch (RuntimeException e) {
            log.error("Sync: restoring from disk failed", e);
        } finally {
            restoring = false;
        }
        int failures = 0;
        while (running) {
            SyncStatus status;
            try {
                status = agent.syncOnce();
            } catch (RuntimeException e) {
                log.error("Sync: unexpected failure", e);
                status = agent.status();
            }
            boolean unreachable = status.state() == SyncState.FAILED
                    && SyncFailure.Reason.SOURCE_UNREACHABLE.tag().equals(status.reasonTag());
            failures = unreachable ? failures + 1 : 0;
            long due = nanoTime.getAsLong() + nextDelay(status, failures).toNanos();
            synchronized (this) {
                long left;
                while (running && (left = due - nanoTime.getAsLong()) > 0) {
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        thread.interrupt();
        thread.join(10_000);
    }
}

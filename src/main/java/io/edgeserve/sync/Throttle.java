package io.edgeserve.sync;

import java.util.function.LongSupplier;

/**
 * Keeps downloads under a byte rate ({@code edgeserve.sync.max-bandwidth}), so that a model update does not take
 * a gateway's whole uplink from the devices it serves. After each chunk it sleeps as long as the bytes so far are
 * ahead of the rate since the first chunk. Time and sleeping are injected.
 */
public final class Throttle {

    /** Sleeps for a number of nanoseconds; {@code Thread::sleep} in production, a recording fake in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** No limit. */
    public static final Throttle NONE = new Throttle(0, System::nanoTime, nanos -> {});

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startNanos;
    private long bytes;
    private boolean started;

    /** @param bytesPerSecond the rate, or 0 for none */
    public Throttle(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must not be negative");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static Throttle of(long bytesPerSecond) {
        return bytesPerSecond <= 0 ? NONE : new Throttle(bytesPerSecond, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Accounts {@code count} bytes just received, and waits if they are ahead of the rate. */
    public synchronized void received(long count) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!started) {
            started = true;
            startNanos = now;
        }
        bytes += count;
        long dueNanos = (long) (bytes * 1e9 / bytesPerSecond);
        long ahead = dueNanos - (now - startNanos);
        if (ahead > 0) {
            sleeper.sleepNanos(ahead);
        }
    }
}

package io.edgeserve.batching;

/**
 * A monotonic source of nanoseconds, injected so that tests can drive time (Caffeine's {@code Ticker}). Only the
 * difference between two readings means anything, and readings may wrap around: compare them as
 * {@code (a - b) > 0}, never as {@code a > b}.
 */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}

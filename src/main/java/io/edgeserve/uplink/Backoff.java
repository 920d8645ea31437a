package io.edgeserve.uplink;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt at something that keeps failing: exponential from {@code initial},
 * doubling per consecutive failure, never above {@code max}, with "equal jitter" (a random point in the upper half
 * of the step) so that a fleet that lost its store together does not come back in lock step.
 *
 * <p>Pure apart from the injected randomness: it computes delays and deadlines, and the caller's injected clock
 * decides when they are reached. Nanosecond readings are compared by difference, as with any monotonic clock.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    /**
     * @param random values in {@code [0, 1)}: {@code ThreadLocalRandom.current()::nextDouble} in production, a
     *               fixed or seeded source in tests
     */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The wait after {@code consecutiveFailures} failures in a row (at least 1). */
    public Duration delayAfter(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, got " + consecutiveFailures);
        }
        long step = initialNanos;
        for (int i = 1; i < consecutiveFailures && step < maxNanos; i++) {
            step = step > maxNanos / 2 ? maxNanos : step * 2;
        }
        step = Math.min(step, maxNanos);
        return Duration.ofNanos(step / 2 + (long) (step / 2 * unit()));
    }

    /** The clock reading at which the next attempt is due, after {@code consecutiveFailures} failures. */
    public long nextAttemptNanos(long nowNanos, int consecutiveFailures) {
        return nowNanos + delayAfter(consecutiveFailures).toNanos();
    }

    /**
     * A regular period with the same jitter spread, for polling while all is well: somewhere in
     * {@code [period * (1 - spread), period]}, spread in {@code [0, 1]}.
     */
    public Duration jittered(Duration period, double spread) {
        if (spread < 0 || spread > 1) {
            throw new IllegalArgumentException("spread must be within [0, 1], got " + spread);
        }
        long nanos = period.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos * spread * unit()));
    }

    private double unit() {
        double value = random.getAsDouble();
        if (!(value >= 0 && value < 1)) {
            throw new IllegalStateException("random source must give values in [0, 1), gave " + value);
        }
        return value;
    }
}

package io.edgeserve.mqtt;

import java.time.Duration;

/**
 * How long to wait before reconnection attempt {@code n}: {@code min}, doubling with each failed attempt up to
 * {@code max}. A pure function, so that its tests need no broker and no clock.
 */
record Backoff(Duration min, Duration max) {

    /** @param failedAttempts attempts that failed since the last successful connection (0 for the first retry) */
    Duration delay(int failedAttempts) {
        int doublings = Math.min(failedAttempts, 30);
        long millis = min.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}

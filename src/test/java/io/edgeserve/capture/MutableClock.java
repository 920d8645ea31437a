package io.edgeserve.capture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock the test moves, with a monotonic reading that starts from an arbitrary value (STYLE.md point 6). */
final class MutableClock extends Clock {

    private Instant now;
    private long nanos = 7_000_000_000_000L * (System.nanoTime() % 2 == 0 ? 1 : -1);

    MutableClock(Instant start) {
        this.now = start;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    long nanos() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

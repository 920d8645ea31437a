package io.edgeserve.batching;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told, from a start chosen to shake out comparisons that ignore wrap-around. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos;

    private FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    static FakeTicker startingAt(long startNanos) {
        return new FakeTicker(startNanos);
    }

    /** Starts a little before Long.MAX_VALUE half the time, so deadlines wrap around; anywhere otherwise. */
    static FakeTicker random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean nearTheWrap = random.nextBoolean();
        return new FakeTicker(nearTheWrap ? Long.MAX_VALUE - random.nextLong(1_000_000_000L) : random.nextLong());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}

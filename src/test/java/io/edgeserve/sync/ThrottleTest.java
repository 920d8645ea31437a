package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    /** A clock that only sleeping moves, starting anywhere (readings are compared by difference). */
    private long now = ThreadLocalRandom.current().nextLong();
    private long slept;

    private Throttle throttle(long bytesPerSecond) {
        return new Throttle(bytesPerSecond, () -> now, nanos -> {
            now += nanos;
            slept += nanos;
        });
    }

    @Test
    void oneMegabyteAt100KilobytesPerSecond_takesTenSeconds() throws InterruptedException {
        Throttle throttle = throttle(100_000);

        for (int i = 0; i < 1_000; i++) {
            throttle.received(1_000);
        }

        assertThat(slept).isEqualTo(10_000_000_000L);
    }

    @Test
    void aSlowLinkBelowTheCap_waitsOnlyForItsFirstChunk() throws InterruptedException {
        Throttle throttle = throttle(100_000);

        for (int i = 0; i < 10; i++) {
            throttle.received(1_000);
            now += 20_000_000; // 1 kB per 20 ms: 50 kB/s
        }

        // The clock starts at the first chunk, which therefore counts as arriving at once: 1 kB at 100 kB/s.
        assertThat(slept).isEqualTo(10_000_000L);
    }

    @Test
    void noCap_neverWaits() throws InterruptedException {
        Throttle.NONE.received(1L << 40);

        assertThat(slept).isZero();
    }
}

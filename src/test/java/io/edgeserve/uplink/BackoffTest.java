package io.edgeserve.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void delayDoublesPerFailure_withinTheUpperHalfOfEachStep() {
        var highest = new Backoff(INITIAL, MAX, () -> Math.nextDown(1.0));
        var lowest = new Backoff(INITIAL, MAX, () -> 0.0);

        assertThat(lowest.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(highest.delayAfter(1)).isBetween(Duration.ofMillis(999), INITIAL);
        assertThat(lowest.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(highest.delayAfter(3)).isBetween(Duration.ofMillis(3_999), Duration.ofSeconds(4));
    }

    @Test
    void delayNeverExceedsMax_evenAfterManyFailures() {
        var backoff = new Backoff(INITIAL, MAX, () -> Math.nextDown(1.0));

        assertThat(backoff.delayAfter(7)).isLessThanOrEqualTo(MAX).isGreaterThan(Duration.ofSeconds(59));
        assertThat(backoff.delayAfter(10_000)).isLessThanOrEqualTo(MAX).isGreaterThan(Duration.ofSeconds(59));
    }

    @Test
    void nextAttempt_isNowPlusTheDelay_acrossClockWrapAround() {
        var backoff = new Backoff(INITIAL, MAX, () -> 0.0);
        long now = Long.MAX_VALUE - 100;

        long due = backoff.nextAttemptNanos(now, 1);

        assertThat(due - now).isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void jitteredPeriod_staysWithinTheSpread() {
        var backoff = new Backoff(INITIAL, MAX, ThreadLocalRandom.current()::nextDouble);
        Duration period = Duration.ofMinutes(5);

        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.jittered(period, 0.2)).isBetween(Duration.ofMinutes(4), period);
        }
    }

    @Test
    void refusesFailureCountsBelowOne_andAnInitialAboveMax() {
        var backoff = new Backoff(INITIAL, MAX, () -> 0.0);

        assertThatThrownBy(() -> backoff.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(MAX, INITIAL, () -> 0.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesARandomSourceOutsideTheUnitInterval() {
        var backoff = new Backoff(INITIAL, MAX, () -> 1.0);

        assertThatThrownBy(() -> backoff.delayAfter(1)).isInstanceOf(IllegalStateException.class);
    }
}

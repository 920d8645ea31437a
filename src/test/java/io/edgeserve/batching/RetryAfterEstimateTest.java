package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryAfterEstimateTest {

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final RetryAfterEstimate estimate = new RetryAfterEstimate(2, 60);

    @Test
    void beforeAnyBatch_isOneSecond() {
        assertThat(estimate.seconds(1000)).isEqualTo(1);
    }

    @Test
    void isTheTimeTheWorkersNeedToWorkOffTheQueue() {
        estimate.record(4, SECOND_NANOS);
        // 40 requests at 4 per batch are 10 batches, 5 per worker, of 1 s each.
        assertThat(estimate.seconds(40)).isEqualTo(5);
    }

    @Test
    void quickBatches_stillAskForAtLeastOneSecond() {
        estimate.record(32, 1_000);
        assertThat(estimate.seconds(256)).isEqualTo(1);
    }

    @Test
    void neverExceedsTheRequestTimeout() {
        estimate.record(1, 100 * SECOND_NANOS);
        assertThat(estimate.seconds(256)).isEqualTo(60);
    }

    @Test
    void oneSlowBatch_movesTheEstimateOnlyPartly() {
        estimate.record(1, SECOND_NANOS);
        estimate.record(1, 11 * SECOND_NANOS);
        // The average moves a fifth of the way, from 1 s to 3 s per batch: 10 batches per worker take 30 s.
        assertThat(estimate.seconds(20)).isEqualTo(30);
    }
}

package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.BatchPolicy.Decision;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The batching decision, without threads or clocks; every rule is tried from starts where the ticker wraps. */
class BatchPolicyTest {

    private static final int MAX_ROWS = 8;
    private static final long DELAY_NANOS = 2_000_000;

    private final BatchPolicy policy = new BatchPolicy(MAX_ROWS, DELAY_NANOS, List.of());
    private final BatchPolicy preferring2And4 = new BatchPolicy(MAX_ROWS, DELAY_NANOS, List.of(4, 2));

    static Stream<Long> starts() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Stream.of(0L, random.nextLong(), Long.MAX_VALUE, Long.MAX_VALUE - DELAY_NANOS / 2,
                Long.MAX_VALUE - random.nextLong(DELAY_NANOS), Long.MIN_VALUE, -1L);
    }

    @ParameterizedTest
    @MethodSource("starts")
    void nothingPending_isIdle(long start) {
        assertThat(policy.decide(0, 2, 0, start, start + 10 * DELAY_NANOS)).isEqualTo(new Decision.Idle());
    }

    @ParameterizedTest
    @MethodSource("starts")
    void noFreeWorker_waitsForOneEvenWhenTheBatchIsDue(long start) {
        assertThat(policy.decide(MAX_ROWS, 0, 2, start, start + 10 * DELAY_NANOS)).isEqualTo(new Decision.Idle());
    }

    @ParameterizedTest
    @MethodSource("starts")
    void fullBatchPending_runsMaxBatchSizeAtOnce(long start) {
        assertThat(policy.decide(MAX_ROWS, 1, 1, start, start)).isEqualTo(new Decision.Run(MAX_ROWS));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void morePendingThanMaxBatchSize_runsOnlyMaxBatchSize(long start) {
        assertThat(policy.decide(3 * MAX_ROWS, 1, 1, start, start)).isEqualTo(new Decision.Run(MAX_ROWS));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void idleSystem_loneRequestRunsAtOnce(long start) {
        assertThat(policy.decide(1, 2, 0, start, start)).isEqualTo(new Decision.Run(1));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void idleSystem_runsEverythingPendingAtOnce(long start) {
        assertThat(policy.decide(5, 2, 0, start, start)).isEqualTo(new Decision.Run(5));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void underLoad_waitsUntilTheOldestRequestsDelayEnds(long start) {
        assertThat(policy.decide(3, 1, 1, start, start + 500)).isEqualTo(new Decision.Wait(DELAY_NANOS - 500));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void underLoad_runsWhatIsPendingWhenTheOldestDelayEnds(long start) {
        assertThat(policy.decide(3, 1, 1, start, start + DELAY_NANOS)).isEqualTo(new Decision.Run(3));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void underLoad_runsWhatIsPendingLongAfterTheOldestDelayEnded(long start) {
        assertThat(policy.decide(3, 1, 1, start, start + 1000 * DELAY_NANOS)).isEqualTo(new Decision.Run(3));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void underLoad_oneNanosecondBeforeTheDelayEnds_waitsOneNanosecond(long start) {
        assertThat(policy.decide(3, 1, 1, start, start + DELAY_NANOS - 1)).isEqualTo(new Decision.Wait(1));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void zeroDelay_neverWaits(long start) {
        BatchPolicy noDelay = new BatchPolicy(MAX_ROWS, 0, List.of());
        assertThat(noDelay.decide(1, 1, 1, start, start)).isEqualTo(new Decision.Run(1));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void preferredSizes_runTheLargestThatFits(long start) {
        assertThat(preferring2And4.decide(5, 1, 1, start, start)).isEqualTo(new Decision.Run(4));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void preferredSize_reachedExactly_runs(long start) {
        assertThat(preferring2And4.decide(2, 1, 1, start, start)).isEqualTo(new Decision.Run(2));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void preferredSize_notReached_waitsForTheDelay(long start) {
        assertThat(preferring2And4.decide(1, 1, 1, start, start)).isEqualTo(new Decision.Wait(DELAY_NANOS));
    }

    @ParameterizedTest
    @MethodSource("starts")
    void preferredSizes_doNotHoldBackADueBatch(long start) {
        assertThat(preferring2And4.decide(3, 1, 1, start, start + DELAY_NANOS)).isEqualTo(new Decision.Run(3));
    }

    @Test
    void delayEndingPastTheTickersWrapAround_stillWaits() {
        long oldest = Long.MAX_VALUE - DELAY_NANOS / 2; // oldest + delay overflows to a negative reading
        long now = oldest + DELAY_NANOS / 4;
        assertThat(policy.decide(3, 1, 1, oldest, now)).isEqualTo(new Decision.Wait(DELAY_NANOS - DELAY_NANOS / 4));
    }

    @Test
    void delayEndedAcrossTheTickersWrapAround_runs() {
        long oldest = Long.MAX_VALUE - DELAY_NANOS / 2;
        long now = oldest + DELAY_NANOS + 1; // a negative reading, yet later than the oldest
        assertThat(now).isNegative();
        assertThat(policy.decide(3, 1, 1, oldest, now)).isEqualTo(new Decision.Run(3));
    }

    @Test
    void loneRequest_runsOnItsCallerWhenNothingIsQueuedAndNoWorkerIsBusy() {
        assertThat(BatchPolicy.runsOnCaller(0, 0, 2)).isTrue();
    }

    @Test
    void requestArrivingBehindQueuedOnes_isQueuedToBatchWithThem() {
        assertThat(BatchPolicy.runsOnCaller(1, 0, 2)).isFalse();
    }

    @Test
    void requestArrivingWhileAWorkerIsBusy_isQueuedToBatchWithLaterOnes() {
        assertThat(BatchPolicy.runsOnCaller(0, 1, 1)).isFalse();
    }

    @Test
    void requestFindingNoWorkerWithARunner_isQueued() {
        assertThat(BatchPolicy.runsOnCaller(0, 0, 0)).isFalse();
    }
}

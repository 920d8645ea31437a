package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchingSettingsTest {

    private static final BatchingSettings OK = BatchingSettings.DEFAULTS;

    @Test
    void defaults_areTheDocumentedOnes() {
        assertThat(OK).isEqualTo(new BatchingSettings(
                32, Duration.ZERO, List.of(), 256, Duration.ofSeconds(60), 2));
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of((Supplier<?>) () -> OK.withMaxBatchSize(0), "maxBatchSize must be at least 1, was 0"),
                Arguments.of((Supplier<?>) () -> OK.withMaxDelay(null), "maxDelay must be set"),
                Arguments.of((Supplier<?>) () -> OK.withMaxDelay(Duration.ofMillis(-1)),
                        "maxDelay must not be negative"),
                Arguments.of((Supplier<?>) () -> OK.withMaxDelay(Duration.ofSeconds(60)),
                        "maxDelay (PT1M) must be shorter than timeout (PT1M)"),
                Arguments.of((Supplier<?>) () -> OK.withPreferredBatchSizes(null), "preferredBatchSizes must be set"),
                Arguments.of((Supplier<?>) () -> OK.withPreferredBatchSizes(List.of(33)),
                        "preferredBatchSizes must lie between 1 and maxBatchSize (32), got 33"),
                Arguments.of((Supplier<?>) () -> OK.withPreferredBatchSizes(List.of(0)),
                        "preferredBatchSizes must lie between 1 and maxBatchSize (32), got 0"),
                Arguments.of((Supplier<?>) () -> OK.withPreferredBatchSizes(Arrays.asList(4, null)),
                        "preferredBatchSizes must lie between 1 and maxBatchSize (32), got null"),
                Arguments.of((Supplier<?>) () -> OK.withQueueCapacity(0), "queueCapacity must be at least 1, was 0"),
                Arguments.of((Supplier<?>) () -> OK.withTimeout(null), "timeout must be set"),
                Arguments.of((Supplier<?>) () -> OK.withTimeout(Duration.ZERO), "timeout must be positive"),
                Arguments.of((Supplier<?>) () -> OK.withTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
                        "timeout must fit in a long of nanoseconds"),
                Arguments.of((Supplier<?>) () -> OK.withWorkers(0), "workers must be at least 1, was 0"));
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void invalidSetting_isRefusedWithAMessageNamingIt(Supplier<?> settings, String message) {
        assertThatThrownBy(settings::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void preferredBatchSizes_areSortedWithoutDuplicates() {
        assertThat(OK.withPreferredBatchSizes(List.of(16, 4, 16, 8)).preferredBatchSizes()).containsExactly(4, 8, 16);
    }

    @Test
    void zeroMaxDelay_isAllowed() {
        assertThat(OK.withMaxDelay(Duration.ZERO).maxDelay()).isZero();
    }
}

package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    private static final Path RESULTS = Path.of("bench/results");

    @Test
    void noVariables_giveTheFullBenchmark() {
        BenchSettings settings = BenchSettings.fromEnvironment(Map.of(), RESULTS);

        assertThat(settings.models()).isEqualTo(BenchModels.ALL);
        assertThat(settings.concurrency()).containsExactly(1, 8, 32, 64);
        assertThat(settings.batchSizes()).containsExactly(1, 4, 8, 16, 32);
        assertThat(settings.duration()).isEqualTo("10s");
        assertThat(settings.workers()).isEqualTo(2);
        assertThat(settings.threadingExperiment()).isTrue();
    }

    @Test
    void lists_acceptCommasAndSpaces() {
        BenchSettings settings = BenchSettings.fromEnvironment(
                Map.of("CONCURRENCY", "1 8,32", "MODELS", "sagemaker-linreg, cifar-resnet20-v1", "THREADING", "0"),
                RESULTS);

        assertThat(settings.concurrency()).containsExactly(1, 8, 32);
        assertThat(settings.models()).containsExactly("sagemaker-linreg", "cifar-resnet20-v1");
        assertThat(settings.threadingExperiment()).isFalse();
    }

    @Test
    void durationWrkCannotRead_isRefused() {
        assertThatThrownBy(() -> BenchSettings.fromEnvironment(Map.of("DURATION", "10 seconds"), RESULTS))
                .hasMessageContaining("DURATION");
    }

    @Test
    void modelWithoutExample_isRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> BenchSettings.fromEnvironment(Map.of("MODELS", "mnist-lenet"), RESULTS))
                .hasMessageContaining("mnist-lenet")
                .hasMessageContaining("cifar-resnet20-v1");
    }
}

package io.edgeserve.bench;

import static io.edgeserve.bench.BenchFixtures.RESNET;
import static io.edgeserve.bench.BenchFixtures.engine;
import static io.edgeserve.bench.BenchFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchResultsTest {

    private static final List<EnginePoint> ENGINE = List.of(
            engine(RESNET, 1, 1, 1, 600, 1.6),
            engine(RESNET, 1, 1, 16, 2000, 8.0), // one worker: not the service's configuration
            engine(RESNET, 1, 2, 1, 1000, 2.0),
            engine(RESNET, 1, 2, 16, 1500, 21.3),
            engine(RESNET, 1, 2, 32, 1400, 45.7),
            engine(RESNET, 2, 2, 16, 3000, 10.0)); // two OpenMP threads: not the service's either

    @Test
    void engineLimit_isTheBestBatchWithTheServicesWorkersAndOmpThreads() {
        BenchResults results = new BenchResults(ENGINE, List.of(), 2);

        assertThat(results.engineLimit(RESNET)).map(EnginePoint::batchSize).contains(16);
        assertThat(results.engineLimit(RESNET)).map(EnginePoint::imagesPerSecond).contains(1500.0);
    }

    @Test
    void engineGain_isTheLimitOverBatch1WithTheSameWorkers() {
        BenchResults results = new BenchResults(ENGINE, List.of(), 2);

        assertThat(results.engineGain(RESNET).getAsDouble()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void engineBatch1Latency_isOneWorkersMedianBatchOfOne() {
        BenchResults results = new BenchResults(ENGINE, List.of(), 2);

        assertThat(results.engineBatch1Millis(RESNET).getAsDouble()).isEqualTo(1.6);
    }

    @Test
    void ratios_compareTheServiceWithTheEngineAndItself() {
        BenchResults results = new BenchResults(ENGINE, List.of(
                service("batched", RESNET, "npy", 32, 1200, 25),
                service("unbatched", RESNET, "npy", 32, 800, 40),
                service("batched", RESNET, "npy", 1, 400, 2.1)), 2);

        assertThat(results.serviceOverEngine(RESNET, "npy", 32).getAsDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(results.batchedOverUnbatched(RESNET, "npy", 32).getAsDouble()).isCloseTo(1.5, within(1e-9));
        assertThat(results.overheadAtConcurrency1Millis("batched", RESNET, "npy").getAsDouble())
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void overPing_comparesTheBestOfEachAndLeavesFailedRunsOut() {
        BenchResults results = new BenchResults(List.of(), List.of(
                service("batched", "sagemaker-linreg", "npy", 8, 3000, 2),
                service("batched", "sagemaker-linreg", "npy", 32, 3600, 8),
                BenchFixtures.failing("batched", ServicePoint.PING, "-", 64, 9000, 5),
                service("batched", ServicePoint.PING, "-", 32, 6000, 4)), 2);

        assertThat(results.overPing("sagemaker-linreg", "npy").getAsDouble()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void missingMeasurement_givesNoRatio() {
        BenchResults results = new BenchResults(ENGINE, List.of(service("batched", RESNET, "npy", 32, 1200, 25)), 2);

        assertThat(results.batchedOverUnbatched(RESNET, "npy", 32)).isEmpty();
        assertThat(results.serviceOverEngine(RESNET, "json", 32)).isEmpty();
    }

    @Test
    void engineCpuAtAMeanBatch_isLinearIn1OverRowsBetweenMeasuredSizesAndTheNearestOutside() {
        // One worker: 1.6 ms per example at batch 1 (600/s), 0.5 at batch 16 (2000/s).
        BenchResults results = new BenchResults(ENGINE, List.of(), 2);

        assertThat(results.engineCpuMillisPerExampleAt(RESNET, 1).getAsDouble()).isCloseTo(1000 / 600.0, within(1e-9));
        assertThat(results.engineCpuMillisPerExampleAt(RESNET, 16).getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(results.engineCpuMillisPerExampleAt(RESNET, 40).getAsDouble()).isCloseTo(0.5, within(1e-9));
        // At 4 rows: t = (1/4 - 1) / (1/16 - 1) = 0.8 of the way from batch 1's cost to batch 16's.
        assertThat(results.engineCpuMillisPerExampleAt(RESNET, 4).getAsDouble())
                .isCloseTo(1000 / 600.0 + 0.8 * (0.5 - 1000 / 600.0), within(1e-9));
        assertThat(results.engineCpuMillisPerExampleAt("other-model", 4)).isEmpty();
    }
}

package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.edgeserve.SharedModels;
import io.edgeserve.inference.MxnetModelLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine benchmark on the real engine, with the smallest shared model and the shortest runs. */
class EngineBenchmarkTest {

    @TempDir
    Path workDir;

    @Test
    void everyWorkerCountAndBatchSize_getsAMeasuredPoint() throws Exception {
        SharedModels.assumePresent();
        EngineBenchmark benchmark = new EngineBenchmark(workDir, 1, Duration.ofMillis(50), Duration.ZERO);

        List<EnginePoint> points =
                benchmark.run(new MxnetModelLoader(2), "sagemaker-linreg", List.of(1, 4), List.of(1, 2));

        assertThat(points).extracting(EnginePoint::workers, EnginePoint::batchSize)
                .containsExactly(tuple(1, 1), tuple(1, 4), tuple(2, 1), tuple(2, 4));
        assertThat(points).allSatisfy(point -> {
            assertThat(point.batches()).isPositive();
            assertThat(point.imagesPerSecond()).isPositive();
            assertThat(point.p50BatchMillis()).isPositive();
        });
    }

    @Test
    void modelTakingPictures_getsDecodeAndPreprocessTimeForEachOfThem() throws Exception {
        SharedModels.assumePresent();
        EngineBenchmark benchmark = new EngineBenchmark(workDir, 1, Duration.ofMillis(50), Duration.ZERO);

        List<DecodePoint> points = benchmark.decoding("cifar-resnet20-v1");

        assertThat(points).extracting(DecodePoint::picture).containsExactly("PNG 32x32", "JPEG 450x300");
        assertThat(points).allSatisfy(point -> assertThat(point.p50DecodeMillis()).isPositive());
    }

    @Test
    void modelTakingNoPictures_getsNoDecodeTime() throws Exception {
        SharedModels.assumePresent();
        EngineBenchmark benchmark = new EngineBenchmark(workDir, 1, Duration.ofMillis(50), Duration.ZERO);

        assertThat(benchmark.decoding("sagemaker-linreg")).isEmpty();
    }

    @Test
    void repeatedRounds_keepTheBestThroughputAndTheLowestMedian() {
        EnginePoint busy = new EnginePoint("sagemaker-linreg", 1, 2, 8, 1000, 0.5, 10);
        EnginePoint quiet = new EnginePoint("sagemaker-linreg", 1, 2, 8, 3000, 0.7, 30);
        EnginePoint other = new EnginePoint("sagemaker-linreg", 1, 2, 16, 500, 2.0, 5);

        assertThat(EnginePoint.bestOfRounds(List.of(busy, other, quiet)))
                .containsExactly(new EnginePoint("sagemaker-linreg", 1, 2, 8, 3000, 0.5, 40), other);
    }

    @Test
    void repeatedDecodeRounds_keepTheLowestMedians() {
        DecodePoint busy = new DecodePoint("cifar-resnet20-v1", "JPEG 450x300", 3.0, 0.04);
        DecodePoint quiet = new DecodePoint("cifar-resnet20-v1", "JPEG 450x300", 2.0, 0.05);

        assertThat(DecodePoint.bestOfRounds(List.of(busy, quiet)))
                .containsExactly(new DecodePoint("cifar-resnet20-v1", "JPEG 450x300", 2.0, 0.04));
    }

    @Test
    void pointLine_readsBackAsWritten() {
        EnginePoint point = new EnginePoint("cifar-resnet20-v1", 2, 1, 16, 1234.5, 12.9688, 321, 0.81234);

        assertThat(EnginePoint.parse(point.toLine())).isEqualTo(point);
    }
}

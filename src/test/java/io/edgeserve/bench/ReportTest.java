package io.edgeserve.bench;

import static io.edgeserve.bench.BenchFixtures.RESNET;
import static io.edgeserve.bench.BenchFixtures.engine;
import static io.edgeserve.bench.BenchFixtures.failing;
import static io.edgeserve.bench.BenchFixtures.load;
import static io.edgeserve.bench.BenchFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private final BenchSettings settings = BenchSettings.fromEnvironment(
            Map.of("MODELS", RESNET + ",sagemaker-linreg", "CONCURRENCY", "1,32", "BATCH_SIZES", "1,16"),
            Path.of("results"));

    private final BenchResults results = new BenchResults(
            List.of(engine(RESNET, 1, 1, 1, 400, 2.0), engine(RESNET, 1, 2, 1, 500, 3.0),
                    engine(RESNET, 1, 2, 16, 1000, 30.0)),
            List.of(service("batched", RESNET, "npy", 32, 900, 30), failing("unbatched", RESNET, "npy", 32, 700, 7)),
            2,
            List.of(new DecodePoint(RESNET, "PNG 32x32", 0.05, 0.01),
                    new DecodePoint(RESNET, "JPEG 450x300", 2.1, 0.04)));

    private final String report = new Report(settings, results, "Machine: test").render();

    @Test
    void runWithErrors_isMarkedInTheTableAndListed() {
        assertThat(report).contains("| " + RESNET + " | npy | max 1 | n/a | 700, 1.00 / 4.00 ERR |");
        assertThat(report).contains("- unbatched " + RESNET + " npy c=32: 7 non-200");
    }

    @Test
    void targetOfARunWithErrors_isFlagged() {
        assertThat(report).contains(
                "| batched/unbatched at c=32 / engine gain | " + RESNET + " | npy | 0.64 | >= 0.90 | **FLAGGED** |");
    }

    @Test
    void engineSummary_givesLimitGainAndDecodeTimeNextToTheBatch1Time() {
        assertThat(report).contains("| " + RESNET + " | 2.00 | 500 | 16 | 1000 | 2.00x | "
                + "PNG 32x32 0.05 + 0.01; JPEG 450x300 2.10 + 0.04 |");
        assertThat(report).contains("| sagemaker-linreg | n/a | n/a | n/a | n/a | n/a | takes no pictures |");
    }

    @Test
    void cpuSection_givesCpuPerRequestAndWhatIsBeyondTheEngineInPings() {
        // 9,000 requests at 3 ms each; /ping 200,000 requests at 0.1 ms; the engine 2.5 ms per example (400/s).
        BenchResults withCpu = new BenchResults(List.of(engine(RESNET, 1, 1, 1, 400, 2.5)), List.of(
                new ServicePoint("batched", RESNET, "npy", 32, load(900, 30, 0), cpu(27_000_000_000L)),
                new ServicePoint("batched", ServicePoint.PING, "-", 32, load(20_000, 1, 0), cpu(20_000_000_000L))), 1);

        String cpu = new Report(settings, withCpu, "Machine: test").render();

        assertThat(cpu).contains("| " + RESNET + " | npy | on | 2.500 | n/a, n/a | 3.000, 5.00x |");
        assertThat(cpu).contains("| /ping | - | on | - | n/a | 0.100 |");
    }

    @Test
    void cpuBreakdown_givesTheBatchesTheEngineCostThereTheJitAndTheRestOfTheMachine() {
        // The engine: 2.5 ms per example at batch 1, 1.0 at batch 8. The service ran 9,000 requests in batches of 4 on
        // average, 3 ms of CPU each, 2.7 s of it the JIT's, while the machine was busy 30 s; /ping 0.1 ms at c=32.
        BenchResults results = new BenchResults(List.of(engine(RESNET, 1, 1, 1, 400, 2.5),
                engine(RESNET, 1, 1, 8, 1000, 8.0)), List.of(
                new ServicePoint("batched", RESNET, "npy", 32, load(900, 30, 0),
                        new CostReading(27_000_000_000L, 2_700_000_000L, 30_000_000_000L, 9_000, 2_250)),
                new ServicePoint("batched", ServicePoint.PING, "-", 32, load(20_000, 1, 0), cpu(20_000_000_000L))), 1);

        String report = new Report(settings, results, "Machine: test", List.of(
                new ServiceBenchmark.WarmUp("batched", 3, 61.6, java.util.OptionalDouble.of(0.021)))).render();

        // At 4 rows the engine costs 2.5 + (1/4 - 1) / (1/8 - 1) * (1.0 - 2.5) = 1.214 ms per example.
        assertThat(report).contains("| " + RESNET + " | npy | 32 | 3.000 | 4.0 | 1.214 | 17.86x | 10.0% | 0.333 |");
        assertThat(report).contains("| /ping | - | 32 | 0.100 | - | - | - | n/a | n/a |");
        assertThat(report).contains("Warm-up of the batched service: 3 passes over every model, media type and /ping, "
                + "at c=1 and the busiest c, 62 s; "
                + "the JIT compilers took 2.1% of the last pass's CPU");
    }

    private static CostReading cpu(long nanos) {
        return new CostReading(nanos, -1, -1, -1, -1);
    }
}

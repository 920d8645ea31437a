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
                new ServicePoint("batched", RESNET, "npy", 32, load(900, 30, 0), 27_000_000_000L),
                new ServicePoint("batched", ServicePoint.PING, "-", 32, load(20_000, 1, 0), 20_000_000_000L)), 1);

        String cpu = new Report(settings, withCpu, "Machine: test").render();

        assertThat(cpu).contains("| " + RESNET + " | npy | on | 2.500 | n/a, n/a | 3.000, 5.00x |");
        assertThat(cpu).contains("| /ping | - | on | - | n/a | 0.100 |");
    }
}

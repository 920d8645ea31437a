package io.edgeserve.bench;

import static io.edgeserve.bench.BenchFixtures.RESNET;
import static io.edgeserve.bench.BenchFixtures.engine;
import static io.edgeserve.bench.BenchFixtures.failing;
import static io.edgeserve.bench.BenchFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    /** Engine limit 1000 images/s at batch 16, 500 at batch 1: a gain of 2; batch 1 takes 2 ms on one worker. */
    private static final List<EnginePoint> ENGINE = List.of(
            engine(RESNET, 1, 1, 1, 400, 2.0),
            engine(RESNET, 1, 2, 1, 500, 3.0),
            engine(RESNET, 1, 2, 16, 1000, 30.0));

    @Test
    void serviceAtTheEngineLimitsShare_passes() {
        Targets.Check check = check(List.of(service("batched", RESNET, "npy", 32, 850, 30)),
                "service / engine limit at c=32", "npy");

        assertThat(check.status()).isEqualTo(Targets.Status.PASS);
        assertThat(check.measuredText()).isEqualTo("0.85");
    }

    @Test
    void serviceBelowTheEngineLimitsShare_fails() {
        Targets.Check check = check(List.of(service("batched", RESNET, "npy", 32, 840, 30)),
                "service / engine limit at c=32", "npy");

        assertThat(check.status()).isEqualTo(Targets.Status.FAIL);
    }

    @Test
    void batchGainIsJudgedAgainstTheEnginesOwnGain() {
        // batched / unbatched = 1.8; the engine's gain is 2; 1.8 / 2 = 0.9
        Targets.Check check = check(List.of(
                service("batched", RESNET, "npy", 32, 900, 30),
                service("unbatched", RESNET, "npy", 32, 500, 60)), "batched/unbatched at c=32 / engine gain", "npy");

        assertThat(check.measuredText()).isEqualTo("0.90");
        assertThat(check.status()).isEqualTo(Targets.Status.PASS);
    }

    @Test
    void latencyOverheadOverHalfAMillisecond_fails() {
        Targets.Check check = check(List.of(service("batched", RESNET, "npy", 1, 300, 2.6)),
                "p50 at c=1 - engine batch-1 (ms)", "npy");

        assertThat(check.measuredText()).isEqualTo("0.60");
        assertThat(check.status()).isEqualTo(Targets.Status.FAIL);
    }

    @Test
    void passingFigureFromARunWithErrors_isFlaggedNotPassed() {
        Targets.Check check = check(List.of(failing("batched", RESNET, "npy", 32, 5000, 3)),
                "service / engine limit at c=32", "npy");

        assertThat(check.status()).isEqualTo(Targets.Status.FLAGGED);
    }

    @Test
    void concurrencyNotMeasured_isSaidSo() {
        Targets.Check check = check(List.of(service("batched", RESNET, "npy", 8, 850, 10)),
                "service / engine limit at c=32", "npy");

        assertThat(check.status()).isEqualTo(Targets.Status.NOT_MEASURED);
        assertThat(check.measuredText()).isEqualTo("n/a");
    }

    @Test
    void linregTarget_comparesWithPing() {
        List<ServicePoint> service = new ArrayList<>(List.of(
                service("batched", "sagemaker-linreg", "json", 32, 5900, 5),
                service("batched", ServicePoint.PING, "-", 32, 10000, 3)));
        List<Targets.Check> checks =
                Targets.check(new BenchResults(List.of(), service, 2), List.of("sagemaker-linreg"));

        Targets.Check json = checks.stream()
                .filter(c -> c.target().startsWith("/invocations") && c.media().equals("json"))
                .findFirst().orElseThrow();
        assertThat(json.measuredText()).isEqualTo("0.59");
        assertThat(json.status()).isEqualTo(Targets.Status.FAIL);
    }

    @Test
    void cpuBeyondTheEngine_isJudgedInPingRequestsAtTheSameConcurrency() {
        assertThat(cpuCheck(1.2).measuredText()).isEqualTo("1.00"); // (1.2 - 1.0) / 0.2
        assertThat(cpuCheck(1.2).status()).isEqualTo(Targets.Status.PASS);
        assertThat(cpuCheck(1.5).measuredText()).isEqualTo("2.50");
        assertThat(cpuCheck(1.5).status()).isEqualTo(Targets.Status.FAIL);
    }

    @Test
    void linregAtLoad_isJudgedAgainstPingAtTheSameConcurrency() {
        List<ServicePoint> service = List.of(
                service("batched", "sagemaker-linreg", "json", 32, 8500, 5),
                service("batched", ServicePoint.PING, "-", 32, 10000, 3),
                service("batched", ServicePoint.PING, "-", 1, 20000, 3));
        Targets.Check json = Targets.cpuChecks(new BenchResults(List.of(), service, 2), List.of("sagemaker-linreg"))
                .stream().filter(c -> c.target().startsWith("req/s / /ping") && c.media().equals("json"))
                .findFirst().orElseThrow();

        assertThat(json.measuredText()).isEqualTo("0.85");
        assertThat(json.status()).isEqualTo(Targets.Status.PASS);
    }

    /** resnet npy at c=32 spending this much CPU per request; engine 1.0 ms per example, /ping 0.2 ms per request. */
    private static Targets.Check cpuCheck(double serviceCpuMillis) {
        List<EnginePoint> engine = List.of(new EnginePoint(RESNET, 1, 1, 1, 1000, 1.0, 100, 1.0));
        List<ServicePoint> service = List.of(
                new ServicePoint("batched", RESNET, "npy", 32, BenchFixtures.load(100, 30, 0),
                        cpu(Math.round(serviceCpuMillis * 1e6 * 1000))),
                new ServicePoint("batched", ServicePoint.PING, "-", 32, BenchFixtures.load(1000, 1, 0),
                        cpu(Math.round(0.2 * 1e6 * 10_000))));
        return Targets.cpuChecks(new BenchResults(engine, service, 2), List.of(RESNET)).stream()
                .filter(c -> c.target().equals("CPU beyond engine / /ping CPU at c=32") && c.media().equals("npy"))
                .findFirst().orElseThrow();
    }

    private static CostReading cpu(long nanos) {
        return new CostReading(nanos, -1, -1, -1, -1);
    }

    private static Targets.Check check(List<ServicePoint> service, String target, String media) {
        List<Targets.Check> checks = Targets.check(new BenchResults(ENGINE, service, 2), List.of(RESNET));
        return checks.stream().filter(c -> c.target().equals(target) && c.media().equals(media))
                .findFirst().orElseThrow();
    }
}

package io.edgeserve.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus judges the exposition: {@code promtool check metrics} (Debian's {@code prometheus} package; CI
 * installs it) lints a scrape taken after traffic and must find nothing to say. Without promtool the test is skipped,
 * except under {@code CI=true}, where that is a failure.
 */
class PromtoolCheckTest extends LiveServiceSupport {

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(found).as("promtool on the PATH: .ci/run installs it").isPresent();
        }
        assumeTrue(found.isPresent(),
                "promtool is not on the PATH (apt-get install prometheus): exposition lint skipped");
        promtool = found.get();
    }

    @Test
    void scrapeAfterTraffic_passesPromtoolCheckMetrics() throws IOException, InterruptedException {
        sendTraffic();
        String scrape = given(api).get("/metrics").then().statusCode(200).extract().asString();

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = check.getOutputStream()) {
            stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();

        assertThat(report).as("promtool's findings").isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}

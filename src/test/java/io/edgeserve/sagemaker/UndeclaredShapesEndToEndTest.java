package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The shared LeNet served without a manifest: shapes its graph cannot take are 400 shape-mismatch in plain words,
 * never a failure of the requests they were sent with, and the shapes it keeps executors for stay within the cap.
 */
@TestPropertySource(properties = {"edgeserve.models.max-shapes=2", "edgeserve.batching.max-delay=5ms"})
class UndeclaredShapesEndToEndTest extends LiveService {

    private static final String NPY = "application/x-npy";

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-shapes-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "mnist-lenet");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void pictureOfAnotherSize_is400NamingInputShapeAndReason() {
        invoke(new long[] {1, 1, 20, 20}, new float[400])
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/shape-mismatch"))
                .body("input", equalTo("data"))
                .body("receivedShape", equalTo("(1, 1, 20, 20)"))
                .body("detail", containsString("layer 'fullyconnected0' has a weight of shape (500, 800)"))
                .body("detail", not(containsString(".cc")));
        assertThat(digitOf(SharedModels.model("mnist-lenet").resolve("images/digit7_sm.png"))).isEqualTo(7);
    }

    @Test
    void badShapesSentAlongGoodOnes_failOnlyThemselves() throws Exception {
        Path seven = SharedModels.model("mnist-lenet").resolve("images/digit7_sm.png");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> good = new ArrayList<>();
            List<Future<Integer>> bad = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                good.add(clients.submit((Callable<Integer>) () -> digitOf(seven)));
                bad.add(clients.submit(() -> invoke(new long[] {1, 3, 28, 28}, new float[3 * 784]).statusCode()));
            }
            for (Future<Integer> answer : good) {
                assertThat(answer.get()).isEqualTo(7);
            }
            for (Future<Integer> status : bad) {
                assertThat(status.get()).isEqualTo(400);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void distinctBatchSizesBeyondTheCap_areEvictedCountedAndStillAnsweredRightly() {
        Path zero = SharedModels.model("mnist-lenet").resolve("images/digit0_djl.png");
        float[] pixels = SharedModels.greyPixels(zero);
        for (int rows = 1; rows <= 4; rows++) {
            float[] batch = new float[rows * pixels.length];
            for (int row = 0; row < rows; row++) {
                System.arraycopy(pixels, 0, batch, row * pixels.length, pixels.length);
            }
            List<List<Float>> answers = invoke(new long[] {rows, 1, 28, 28}, batch)
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(answers).hasSize(rows).allSatisfy(scores -> assertThat(argmax(scores)).isZero());
        }
        String metrics = given(api).get("/metrics").asString();
        assertThat(metricValue(metrics, "edgeserve_shape_cache_shapes{model=\"mnist-lenet\"}")).isBetween(1.0, 2.0);
        assertThat(metricValue(metrics, "edgeserve_shape_cache_evictions_total{model=\"mnist-lenet\"}"))
                .isGreaterThanOrEqualTo(2.0);
    }

    private Response invoke(long[] shape, float[] values) {
        return given(api).contentType(NPY).accept("application/json").body(SharedModels.npy(shape, values))
                .post("/invocations");
    }

    private int digitOf(Path png) {
        List<List<Float>> answer = invoke(new long[] {1, 1, 28, 28}, SharedModels.greyPixels(png))
                .then().statusCode(200).extract().jsonPath().getList("$");
        return argmax(answer.getFirst());
    }

    private static int argmax(List<? extends Number> scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).doubleValue() > scores.get(best).doubleValue()) {
                best = i;
            }
        }
        return best;
    }

    private static double metricValue(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in /metrics"));
    }
}

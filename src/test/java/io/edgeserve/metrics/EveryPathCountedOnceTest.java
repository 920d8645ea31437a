package io.edgeserve.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every inference path, in both precisions, counted exactly once in every request and batch series, and the batch
 * series under the precision that ran it. Deriving a float16 variant once used to stop the batch series of both
 * variants; here float16 is derived first and float32 requests follow it.
 */
class EveryPathCountedOnceTest extends LiveService {

    private static final List<String> REQUEST_SERIES = List.of("edgeserve_requests_total",
            "edgeserve_request_duration_seconds_count", "edgeserve_request_size_bytes_count",
            "edgeserve_response_size_bytes_count");
    private static final List<String> BATCH_SERIES = List.of("edgeserve_batch_requests_sum",
            "edgeserve_inference_duration_seconds_count", "edgeserve_batch_size_count",
            "edgeserve_queue_wait_seconds_count");

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-counted-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg", "cifar-resnet20-v1");
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.models.allowed-roots", SharedModels.ROOT::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void everyPath_inBothPrecisions_isCountedOnceInEachSeries() throws Exception {
        for (String version : List.of("lin:1", "lin:2")) {
            loadModel(version, SharedModels.model("sagemaker-linreg").toString()).then().statusCode(200);
        }
        byte[] picture = Files.readAllBytes(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));
        byte[] npy = SharedModels.npy(new long[] {1, 2}, new float[] {1, 2});
        for (String precision : List.of("float16", "float32")) {
            String suffix = "@" + precision;
            countedOnce(precision, () -> json().header("X-Amzn-SageMaker-Target-Model", "sagemaker-linreg" + suffix)
                    .post("/invocations").then().statusCode(200));
            countedOnce(precision, () -> given(api).contentType("text/csv").accept("text/csv").body("1,2\n")
                    .header("X-Amzn-SageMaker-Target-Model", "sagemaker-linreg" + suffix)
                    .post("/invocations").then().statusCode(200));
            countedOnce(precision, () -> given(api).contentType("application/x-npy").accept("application/x-npy")
                    .body(npy).post("/models/sagemaker-linreg" + suffix + "/invoke").then().statusCode(200));
            countedOnce(precision, () -> given(api).contentType("image/png").body(picture)
                    .post("/models/cifar-resnet20-v1" + suffix + "/invoke").then().statusCode(200));
            countedOnce(precision, () -> json().header("X-Amzn-SageMaker-Target-Variant", precision)
                    .post("/endpoints/sagemaker-linreg/invocations").then().statusCode(200));
            countedOnce(precision, () -> json().header("X-Amzn-SageMaker-Target-Variant", precision)
                    .post("/endpoints/sagemaker-linreg/invocations-response-stream").then().statusCode(200));
            for (String version : List.of("lin:1", "lin:2")) {
                countedOnce(precision, () -> json().post("/models/" + version + suffix + "/invoke")
                        .then().statusCode(200));
            }
        }
    }

    private RequestSpecification json() {
        return given(api).contentType("application/json").body("[[1, 2]]");
    }

    /** Sends one single-row request and checks it shows once in every series, its batch under its precision. */
    private void countedOnce(String precision, Supplier<?> request) throws InterruptedException {
        Exposition before = scrape();
        request.get();
        Exposition after = scrapeAfter(before);
        for (String series : REQUEST_SERIES) {
            assertThat(delta(before, after, series)).as(series).isEqualTo(1);
        }
        assertThat(delta(before, after, "edgeserve_request_duration_seconds_count", "precision", precision))
                .as("request duration under precision " + precision).isEqualTo(1);
        for (String series : BATCH_SERIES) {
            assertThat(delta(before, after, series)).as(series).isEqualTo(1);
            assertThat(delta(before, after, series, "precision", precision)).as(series + " under " + precision)
                    .isEqualTo(1);
        }
    }

    private Exposition scrape() {
        return Exposition.parse(given(api).get("/metrics").then().statusCode(200).extract().asString());
    }

    /** A scrape that shows one more request: the service records a request as its last byte leaves. */
    private Exposition scrapeAfter(Exposition before) throws InterruptedException {
        double expected = before.sum("edgeserve_requests_total") + 1;
        Exposition scrape = scrape();
        for (int i = 0; i < 100 && scrape.sum("edgeserve_requests_total") < expected; i++) {
            Thread.sleep(50);
            scrape = scrape();
        }
        return scrape;
    }

    private static double delta(Exposition before, Exposition after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}

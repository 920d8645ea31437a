package io.edgeserve.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.edgeserve.SharedModels;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code /metrics} on the running service: what inference traffic and the multi-model API do to it. */
@ExtendWith(OutputCaptureExtension.class)
class MetricsEndpointTest extends LiveServiceSupport {

    @AfterEach
    void unloadLinreg() {
        given(api).delete("/models/linreg");
    }

    private void loadLinreg() {
        SharedModels.assumePresent();
        given(api).contentType("application/json")
                .body(Map.of("model_name", "linreg", "url", SharedModels.model("sagemaker-linreg").toString()))
                .post("/models").then().statusCode(200);
    }

    @Test
    void metrics_areServedAtSlashMetricsInPrometheusTextFormat() {
        given(api).get("/metrics").then().statusCode(200).contentType(startsWith("text/plain;version=0.0.4"));
        given(api).get("/actuator/prometheus").then().statusCode(404);
    }

    @Test
    void modelLoadedThroughTheApi_hasEverySeriesAtZeroBeforeItsFirstRequest() {
        double loadsBefore = scrape().value("edgeserve_model_loads_total");

        loadLinreg();

        Exposition scrape = scrape();
        assertThat(scrape.value("edgeserve_model_loads_total")).isEqualTo(loadsBefore + 1);
        for (Outcome outcome : Outcome.values()) {
            assertThat(scrape.value("edgeserve_request_duration_seconds_count", "model", "linreg", "outcome",
                    outcome.label())).isZero();
        }
        assertThat(scrape.value("edgeserve_requests_total", "model", "linreg", "status", "2xx")).isZero();
        assertThat(scrape.value("edgeserve_rejections_total", "model", "linreg", "reason", "queue_full")).isZero();
        // The warm-up prediction at load ran a batch, but it is not traffic.
        assertThat(scrape.value("edgeserve_inference_duration_seconds_count", "model", "linreg")).isZero();
        assertThat(scrape.value("edgeserve_queue_depth", "model", "linreg")).isZero();
        // 12 bytes of parameters, and the executor the warm-up's shape left
        assertThat(scrape.value("edgeserve_model_memory_bytes", "model", "linreg")).isGreaterThan(12);
        assertThat(scrape.value("edgeserve_shape_cache_shapes", "model", "linreg")).isEqualTo(1);
    }

    @Test
    void unloadedModel_leavesNoSeries() throws InterruptedException {
        loadLinreg();
        Exposition before = scrape();
        given(api).contentType("application/json").body("[[1, 2]]").post("/models/linreg/invoke")
                .then().statusCode(200);
        double unloadsBefore = scrapeAfter(before, 1).value("edgeserve_model_unloads_total");

        given(api).delete("/models/linreg").then().statusCode(200);

        Exposition scrape = scrape();
        assertThat(scrape.withLabel("model", "linreg")).isEmpty();
        assertThat(scrape.value("edgeserve_model_unloads_total")).isEqualTo(unloadsBefore + 1);
    }

    @Test
    void answeredRequest_isTimedAndSizedUnderItsModel() throws InterruptedException {
        Exposition before = scrape();

        Response response = invokeIris(IRIS_ROW);

        response.then().statusCode(200);
        Exposition after = scrapeAfter(before, 1);
        assertThat(delta(before, after, "edgeserve_request_duration_seconds_count", "model", "iris", "precision",
                "float32", "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_requests_total", "model", "iris", "status", "2xx")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_request_size_bytes_sum", "model", "iris"))
                .isEqualTo(IRIS_ROW.getBytes(StandardCharsets.UTF_8).length);
        assertThat(delta(before, after, "edgeserve_response_size_bytes_sum", "model", "iris"))
                .isEqualTo(response.asByteArray().length);
        assertThat(delta(before, after, "edgeserve_queue_wait_seconds_count", "model", "iris")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_inference_duration_seconds_count", "model", "iris")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_batch_size_sum", "model", "iris")).isEqualTo(1);
    }

    @Test
    void badBody_isAClientErrorOfTheModelItNamed() throws InterruptedException {
        Exposition before = scrape();

        invokeIris("[[5.1, 3.5]]").then().statusCode(400);

        Exposition after = scrapeAfter(before, 1);
        assertThat(delta(before, after, "edgeserve_request_duration_seconds_count", "model", "iris", "outcome",
                "client_error")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_requests_total", "model", "iris", "status", "4xx")).isEqualTo(1);
        assertThat(delta(before, after, "edgeserve_inference_duration_seconds_count", "model", "iris")).isZero();
    }

    @Test
    void modelNameNobodyLoaded_isCountedAsUnknownAndNeverBecomesASeries() throws InterruptedException {
        Exposition before = scrape();

        given(api).contentType("application/json").body(IRIS_ROW).post("/models/made-up-4711/invoke")
                .then().statusCode(404);
        given(api).header("X-Amzn-SageMaker-Target-Model", "made-up-4712").contentType("application/json")
                .body(IRIS_ROW).post("/invocations").then().statusCode(404);

        Exposition after = scrapeAfter(before, 2);
        assertThat(after.text()).doesNotContain("made-up-47");
        assertThat(delta(before, after, "edgeserve_requests_total", "model", "unknown", "status", "4xx")).isEqualTo(2);
    }

    @Test
    void gauges_showTheRegistryAndItsMemory() {
        Exposition scrape = scrape();

        assertThat(scrape.value("edgeserve_models", "state", "ready")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("edgeserve_models", "state", "failed")).isZero();
        assertThat(scrape.value("edgeserve_model_memory_bytes", "model", "iris")).isPositive();
        assertThat(scrape.value("edgeserve_models_memory_used_bytes"))
                .isEqualTo(scrape.sum("edgeserve_model_memory_bytes"));
        assertThat(scrape.value("edgeserve_models_memory_budget_bytes")).isPositive();
        assertThat(scrape.value("edgeserve_queue_depth", "model", "iris")).isZero();
        assertThat(scrape.find("edgeserve_workers_busy", "model", "iris")).hasSize(1);
    }

    @Test
    void jvmProcessAndHttpMetrics_areExportedToo() throws InterruptedException {
        sendTraffic();

        assertThat(scrape().names()).contains("jvm_memory_used_bytes", "process_cpu_usage",
                "jvm_threads_live_threads", "http_server_requests_seconds_bucket");
    }

    @Test
    void everyTimerAndDistribution_isAHistogramNeverASummary() throws InterruptedException {
        sendTraffic();
        Exposition scrape = scrape();
        // The JVM's GC pause timer appears with the first GC notice, which arrives on a thread of its own.
        for (int i = 0; i < 50 && scrape.type("jvm_gc_pause_seconds") == null; i++) {
            System.gc();
            Thread.sleep(100);
            scrape = scrape();
        }

        assertThat(scrape.type("jvm_gc_pause_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("http_server_requests_seconds")).isEqualTo("histogram");
        assertThat(scrape.text()).doesNotContainPattern("(?m)^# TYPE \\S+ summary$");
    }

    @Test
    void requestLog_isOffByDefault(CapturedOutput output) throws InterruptedException {
        Exposition before = scrape();
        invokeIris(IRIS_ROW).then().statusCode(200);
        scrapeAfter(before, 1);

        assertThat(output.getAll()).doesNotContain("edgeserve.requests");
    }

    private static double delta(Exposition before, Exposition after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}

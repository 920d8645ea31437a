package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.batching.BatcherListener.Rejection;
import io.edgeserve.invocation.Transport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serving meters on a real Prometheus registry, read back from its exposition; no model registry behind them. */
class ServingMetricsTest {

    private static final long MILLIS = 1_000_000;

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServingMetrics metrics = new ServingMetrics(prometheus);

    private Exposition scrape() {
        return Exposition.parse(prometheus.scrape());
    }

    @Test
    void modelStartingToLoad_hasEverySeriesAtZero() {
        metrics.batcherListener("m");

        Exposition scrape = scrape();
        for (Outcome outcome : Outcome.values()) {
            assertThat(scrape.value("edgeserve_request_duration_seconds_count", "model", "m", "precision", "float32",
                    "outcome", outcome.label())).isZero();
        }
        for (String status : List.of("2xx", "4xx", "5xx")) {
            assertThat(scrape.value("edgeserve_requests_total", "model", "m", "status", status)).isZero();
        }
        for (String reason : List.of("queue_full", "timeout", "shutting_down")) {
            assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", reason)).isZero();
        }
        for (String name : List.of("edgeserve_queue_wait_seconds_count", "edgeserve_inference_duration_seconds_count",
                "edgeserve_batch_size_count", "edgeserve_batch_requests_count", "edgeserve_request_size_bytes_count",
                "edgeserve_response_size_bytes_count", "edgeserve_engine_failures_total", "edgeserve_queue_depth",
                "edgeserve_workers_busy", "edgeserve_model_memory_bytes")) {
            assertThat(scrape.value(name, "model", "m")).as(name).isZero();
        }
        for (String name : List.of("edgeserve_model_loads_total", "edgeserve_model_unloads_total",
                "edgeserve_model_evictions_total", "edgeserve_model_load_failures_total")) {
            assertThat(scrape.value(name)).as(name).isZero();
        }
    }

    @Test
    void durationsAndSizes_areHistogramsWithTheirOwnBuckets() {
        metrics.batcherListener("m");
        Exposition scrape = scrape();

        assertThat(scrape.type("edgeserve_request_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("edgeserve_queue_wait_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("edgeserve_inference_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("edgeserve_batch_size")).isEqualTo("histogram");
        assertThat(scrape.type("edgeserve_request_size_bytes")).isEqualTo("histogram");
        assertThat(bounds(scrape, "edgeserve_request_duration_seconds_bucket", "outcome", "success"))
                .startsWith("5.0E-4", "0.001").endsWith("30.0", "+Inf").hasSize(16);
        assertThat(bounds(scrape, "edgeserve_batch_size_bucket"))
                .containsExactly("1.0", "2.0", "4.0", "8.0", "16.0", "32.0", "64.0", "128.0", "256.0", "+Inf");
        assertThat(bounds(scrape, "edgeserve_request_size_bytes_bucket")).startsWith("128.0").contains("8388608.0");
        assertThat(scrape.text()).doesNotContain("quantile=");
    }

    private static List<String> bounds(Exposition scrape, String bucket, String... labels) {
        return scrape.find(bucket, labels).stream().map(sample -> sample.labels().get("le")).distinct().toList();
    }

    @Test
    void request_isCountedByModelPrecisionOutcomeAndStatusClass() {
        metrics.batcherListener("m");

        metrics.requestCompleted(Transport.HTTP, "m", null, 200, 3 * MILLIS, 300, 5000);
        metrics.requestCompleted(Transport.HTTP, "m", "float16", 200, 3 * MILLIS, 300, 5000);
        metrics.requestCompleted(Transport.HTTP, "m", null, 503, MILLIS, 300, 200);

        Exposition scrape = scrape();
        assertThat(scrape.value("edgeserve_request_duration_seconds_count", "model", "m", "precision", "float32",
                "outcome", "success")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_request_duration_seconds_count", "model", "m", "precision", "float16",
                "outcome", "success")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_request_duration_seconds_count", "model", "m", "precision", "float32",
                "outcome", "rejected")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_requests_total", "model", "m", "status", "2xx")).isEqualTo(2);
        assertThat(scrape.value("edgeserve_requests_total", "model", "m", "status", "5xx")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_request_size_bytes_sum", "model", "m")).isEqualTo(900);
        assertThat(scrape.value("edgeserve_response_size_bytes_sum", "model", "m")).isEqualTo(10200);
        assertThat(scrape.value("edgeserve_request_duration_seconds_bucket", "model", "m", "precision", "float32",
                "outcome", "success", "le", "0.005")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_request_duration_seconds_bucket", "model", "m", "precision", "float32",
                "outcome", "success", "le", "0.0025")).isZero();
    }

    @Test
    void requestNamingAModelNobodyKnows_isCountedAsUnknown() {
        metrics.requestCompleted(Transport.HTTP, "no-such-model", null, 404, MILLIS, 20, 150);
        metrics.requestCompleted(Transport.HTTP, null, null, 406, MILLIS, 20, 150);

        Exposition scrape = scrape();
        assertThat(scrape.withLabel("model", "no-such-model")).isEmpty();
        assertThat(scrape.value("edgeserve_requests_total", "model", "unknown", "status", "4xx")).isEqualTo(2);
        assertThat(metrics.modelTag("no-such-model")).isEqualTo("unknown");
    }

    @Test
    void precisionThatIsNoDataType_isTaggedOther() {
        assertThat(ServingMetrics.precisionTag(null)).isEqualTo("float32");
        assertThat(ServingMetrics.precisionTag("float16")).isEqualTo("float16");
        assertThat(ServingMetrics.precisionTag("int8")).isEqualTo("int8");
        assertThat(ServingMetrics.precisionTag("anything-a-client-sends")).isEqualTo("other");
    }

    @Test
    void warmUpBeforeTheModelIsReady_isNotCounted() {
        BatcherListener listener = metrics.batcherListener("m");
        listener.queueWaited(MILLIS);
        listener.batchRan(1, 1, MILLIS);

        metrics.loaded("m");
        listener.queueWaited(2 * MILLIS);
        listener.batchRan(8, 3, 4 * MILLIS);

        Exposition scrape = scrape();
        assertThat(scrape.value("edgeserve_queue_wait_seconds_count", "model", "m")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_queue_wait_seconds_sum", "model", "m")).isEqualTo(0.002);
        assertThat(scrape.value("edgeserve_inference_duration_seconds_count", "model", "m")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_inference_duration_seconds_sum", "model", "m")).isEqualTo(0.004);
        assertThat(scrape.value("edgeserve_batch_size_sum", "model", "m")).isEqualTo(8);
        assertThat(scrape.value("edgeserve_batch_requests_sum", "model", "m")).isEqualTo(3);
        assertThat(scrape.value("edgeserve_model_loads_total")).isEqualTo(1);
    }

    @Test
    void rejectionsAndEngineFailures_areCountedByReason() {
        BatcherListener listener = metrics.batcherListener("m");
        metrics.loaded("m");

        listener.rejected(Rejection.QUEUE_FULL);
        listener.rejected(Rejection.QUEUE_FULL);
        listener.rejected(Rejection.DEADLINE_EXCEEDED);
        listener.rejected(Rejection.SHUTTING_DOWN);
        listener.engineFailed(3, new IllegalStateException("engine"));
        listener.engineFailed(0, new IllegalStateException("no predictor"));

        Exposition scrape = scrape();
        assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", "queue_full")).isEqualTo(2);
        assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", "timeout")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", "shutting_down")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_engine_failures_total", "model", "m")).isEqualTo(3);
    }

    @Test
    void unloadedModel_leavesNoSeries() {
        BatcherListener listener = metrics.batcherListener("m");
        metrics.loaded("m");
        listener.batchRan(1, 1, MILLIS);
        metrics.requestCompleted(Transport.HTTP, "m", null, 200, MILLIS, 20, 60);

        metrics.unloaded("m");

        Exposition scrape = scrape();
        assertThat(scrape.withLabel("model", "m")).isEmpty();
        assertThat(scrape.value("edgeserve_model_unloads_total")).isEqualTo(1);
    }

    @Test
    void evictedOrFailedModel_leavesNoSeriesAndIsCounted() {
        metrics.batcherListener("evicted");
        metrics.loaded("evicted");
        metrics.batcherListener("broken");

        metrics.evicted("evicted");
        metrics.loadFailed("broken");

        Exposition scrape = scrape();
        assertThat(scrape.withLabel("model", "evicted")).isEmpty();
        assertThat(scrape.withLabel("model", "broken")).isEmpty();
        assertThat(scrape.value("edgeserve_model_evictions_total")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_model_load_failures_total")).isEqualTo(1);
    }

    @Test
    void requestFinishingAfterItsModelWasUnloaded_doesNotBringItsSeriesBack() {
        BatcherListener listener = metrics.batcherListener("m");
        metrics.loaded("m");
        metrics.unloaded("m");

        metrics.requestCompleted(Transport.HTTP, "m", "float16", 200, MILLIS, 20, 60);
        listener.batchRan(1, 1, MILLIS);
        listener.rejected(Rejection.SHUTTING_DOWN);

        assertThat(scrape().withLabel("model", "m")).isEmpty();
    }
}

package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.batching.BatchRows;
import io.edgeserve.batching.BatchingSettings;
import io.edgeserve.batching.DynamicBatcher;
import io.edgeserve.batching.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real dynamic batcher reporting to a model's meters: what it refuses, waits and runs shows in the exposition.
 * The engine is an echo that holds its first batch until released, so the queue fills deterministically.
 */
@Timeout(60)
class BatcherMetricsTest {

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServingMetrics metrics = new ServingMetrics(prometheus);
    private final CountDownLatch inEngine = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private DynamicBatcher<List<String>, List<String>> batcher;

    @AfterEach
    void stop() {
        release.countDown();
        if (batcher != null) {
            batcher.close();
        }
    }

    private void start() {
        BatchingSettings settings = BatchingSettings.DEFAULTS.withWorkers(1).withQueueCapacity(1).withMaxBatchSize(8);
        batcher = DynamicBatcher.start("m", settings, new Rows(), () -> batch -> {
            inEngine.countDown();
            release.await(30, TimeUnit.SECONDS);
            return batch;
        }, Ticker.system(), metrics.batcherListener("m"));
        metrics.loaded("m");
    }

    @Test
    void fullQueueAndPassedDeadline_areCountedAsRejections() throws Exception {
        start();
        CompletableFuture<List<String>> running = batcher.submit(List.of("a", "b"));
        assertThat(inEngine.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<String>> queued = batcher.submit(List.of("c"));

        CompletableFuture<List<String>> refused = batcher.submit(List.of("d"));
        CompletableFuture<List<String>> late = batcher.submit(List.of("e"), Duration.ZERO);

        assertThat(refused).isCompletedExceptionally();
        assertThat(late).isCompletedExceptionally();
        Exposition scrape = Exposition.parse(prometheus.scrape());
        assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", "queue_full")).isEqualTo(1);
        assertThat(scrape.value("edgeserve_rejections_total", "model", "m", "reason", "timeout")).isEqualTo(1);

        release.countDown();
        running.get(30, TimeUnit.SECONDS);
        queued.get(30, TimeUnit.SECONDS);
        scrape = Exposition.parse(prometheus.scrape());
        assertThat(scrape.value("edgeserve_queue_wait_seconds_count", "model", "m")).isEqualTo(2);
        assertThat(scrape.value("edgeserve_inference_duration_seconds_count", "model", "m")).isEqualTo(2);
        assertThat(scrape.value("edgeserve_batch_size_sum", "model", "m")).isEqualTo(3);
        assertThat(scrape.value("edgeserve_batch_requests_sum", "model", "m")).isEqualTo(2);
    }

    /** One row per string; any two inputs may share a batch. */
    private static final class Rows implements BatchRows<List<String>, List<String>> {

        @Override
        public int rows(List<String> input) {
            return input.size();
        }

        @Override
        public Object compatibilityKey(List<String> input) {
            return "rows";
        }

        @Override
        public List<String> merge(List<List<String>> inputs) {
            List<String> merged = new ArrayList<>();
            inputs.forEach(merged::addAll);
            return merged;
        }

        @Override
        public List<List<String>> split(List<String> output, int[] rowCounts) {
            List<List<String>> parts = new ArrayList<>();
            int from = 0;
            for (int count : rowCounts) {
                parts.add(output.subList(from, from + count));
                from += count;
            }
            return parts;
        }
    }
}

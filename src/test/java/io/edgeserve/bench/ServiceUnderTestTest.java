package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.metrics.Exposition;
import org.junit.jupiter.api.Test;

class ServiceUnderTestTest {

    @Test
    void metricTotal_addsAModelsSeriesOverItsPrecisionsAndNothingElse() {
        String scrape = """
                # HELP edgeserve_batch_size rows per batch
                edgeserve_batch_size_sum{model="resnet",precision="float32"} 51018.0
                edgeserve_batch_size_sum{model="resnet",precision="float16"} 2.0
                edgeserve_batch_size_sum{model="resnet-2",precision="float32"} 7.0
                edgeserve_batch_size_count{model="resnet",precision="float32"} 6616
                """;

        assertThat(ServiceUnderTest.metricTotal(Exposition.parse(scrape), "edgeserve_batch_size_sum", "resnet")).isEqualTo(51020);
        assertThat(ServiceUnderTest.metricTotal(Exposition.parse(scrape), "edgeserve_batch_size_count", "resnet")).isEqualTo(6616);
        assertThat(ServiceUnderTest.metricTotal(Exposition.parse(scrape), "edgeserve_batch_size_sum", "linreg")).isEqualTo(-1);
    }
}

package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metricNames_skipFunctionsLabelsRangesAndVariables() {
        String expression = "histogram_quantile(0.95, sum by (model, le) (rate(edgeserve_queue_wait_seconds_bucket"
                + "{model=~\"$model\",outcome!=\"a b\"}[$__rate_interval]))) / on (model) group_left "
                + "sum without (le) (edgeserve_batch_size_count offset 5m) > bool 1e3 or vector(0)";

        assertThat(PromQl.metricNames(expression))
                .containsExactlyInAnyOrder("edgeserve_queue_wait_seconds_bucket", "edgeserve_batch_size_count");
    }

    @Test
    void metricNames_findBareSelectors() {
        assertThat(PromQl.metricNames("edgeserve_models")).containsExactly("edgeserve_models");
        assertThat(PromQl.metricNames("sum(edgeserve_models{state=\"ready\"})")).containsExactly("edgeserve_models");
    }
}

package io.edgeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart's dashboard is a copy of docs/grafana-dashboard.json, because Helm reads only files inside the
 * chart: the two must not drift apart.
 */
class DashboardTest {

    static final Path CHART_COPY = EdgeserveChart.DIR.resolve("dashboards/edgeserve-dashboard.json");
    static final Path DOCS = Path.of("docs", "grafana-dashboard.json").toAbsolutePath();

    @Test
    void chartCopy_isTheDashboardInDocs() throws IOException {
        assumeTrue(Files.exists(DOCS), "docs/grafana-dashboard.json does not exist yet: nothing to compare the chart's copy with");
        assertThat(CHART_COPY).as("copy docs/grafana-dashboard.json to %s", EdgeserveChart.DIR.relativize(CHART_COPY))
                .hasSameBinaryContentAs(DOCS);
    }

    @Test
    void chartCopy_isAGrafanaDashboard() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(CHART_COPY.toFile());
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("panels").isArray()).isTrue();
    }
}

package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/grafana-dashboard.json against the running service: every metric its queries read is really exported
 * after traffic, and it has the panels operators were promised.
 */
class GrafanaDashboardTest extends LiveServiceSupport {

    static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");

    private static JsonNode dashboard;

    @BeforeAll
    static void readDashboard() throws IOException {
        dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
    }

    /** Every PromQL expression: the panels' queries and the template variables' queries. */
    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString().equals("query")) {
                String query = variable.path("query").path("query").asString();
                expressions.add(query.replaceFirst("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
            }
        }
        return expressions;
    }

    @Test
    void everyMetricTheDashboardReads_isExportedAfterTraffic() throws InterruptedException {
        Set<String> read = new TreeSet<>();
        expressions().forEach(expression -> read.addAll(PromQl.metricNames(expression)));
        // Model sync's meters exist only where sync is on: SyncServiceTest checks those against its service.
        read.removeIf(name -> name.startsWith("edgeserve_sync_"));
        assertThat(read).as("metrics the dashboard reads").hasSizeGreaterThan(15);
        // The MQTT panel's metrics exist only with MQTT on: EmbeddedBrokerTest checks them against such a gateway.
        read.removeIf(name -> name.startsWith("edgeserve_mqtt_"));

        sendTraffic();
        Set<String> exported = scrape().names();

        assertThat(exported).containsAll(read);
    }

    @Test
    void dashboard_hasThePanelsOperatorsNeed() {
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> titles.add(panel.path("title").asString()));

        assertThat(titles).contains("Throughput", "Error rate", "Request latency p50 / p95 / p99 per model",
                "Queue wait against engine time (p95 and mean)", "Batch-size distribution", "Rejections",
                "Model memory", "Models loaded", "Data capture: records captured and dropped",
                "Data capture: spool and uploads");
    }

    @Test
    void everyQuery_usesTheDataSourceVariable() {
        assertThat(dashboard.path("templating").path("list").get(0).path("type").asString()).isEqualTo("datasource");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asString()).as(panel.path("title").asString())
                        .isEqualTo("${datasource}");
            }
        }
    }
}

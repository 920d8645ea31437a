package io.edgeserve.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "200, success", "204, success",
            "400, client_error", "404, client_error", "413, client_error", "415, client_error",
            "500, server_error", "507, server_error",
            "503, rejected", "429, rejected",
            "504, timeout"})
    void status_mapsToABoundedOutcome(int status, String outcome) {
        assertThat(Outcome.of(status).label()).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200, 2xx", "302, 3xx", "404, 4xx", "503, 5xx", "99, other", "600, other"})
    void status_mapsToItsClass(int status, String statusClass) {
        assertThat(Outcome.statusClass(status)).isEqualTo(statusClass);
    }
}

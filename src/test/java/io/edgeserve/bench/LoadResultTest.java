package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadResultTest {

    private static final String CLEAN = """
            Running 10s test @ http://127.0.0.1:8080/ping
              2 threads and 8 connections
            EDGESERVE-BENCH requests=50000 duration_us=10000000 p50_us=810 p99_us=2300 mean_us=900.5 max_us=9000 non200=0 socket_errors=0 timeouts=0
            """;

    @Test
    void resultLine_givesThroughputAndLatencies() {
        LoadResult result = LoadResult.parse(CLEAN);

        assertThat(result.requestsPerSecond()).isEqualTo(5000.0);
        assertThat(result.p50Millis()).isEqualTo(0.81);
        assertThat(result.p99Millis()).isEqualTo(2.3);
        assertThat(result.failed()).isFalse();
    }

    @Test
    void non200Answers_failTheRunAndAreCounted() {
        LoadResult result = LoadResult.parse(CLEAN.replace("non200=0", "non200=12"));

        assertThat(result.failed()).isTrue();
        assertThat(result.failures()).isEqualTo("12 non-200");
    }

    @Test
    void socketErrorsAndTimeouts_failTheRun() {
        LoadResult result = LoadResult.parse(CLEAN.replace("socket_errors=0 timeouts=0", "socket_errors=3 timeouts=1"));

        assertThat(result.failed()).isTrue();
        assertThat(result.failures()).isEqualTo("3 socket errors, 1 timeouts");
    }

    @Test
    void runWithoutAnyAnswer_fails() {
        LoadResult result = LoadResult.parse(CLEAN.replace("requests=50000", "requests=0"));

        assertThat(result.failed()).isTrue();
        assertThat(result.failures()).isEqualTo("no request completed");
    }

    @Test
    void outputWithoutResultLine_isRefusedWithTheOutput() {
        assertThatThrownBy(() -> LoadResult.parse("unable to connect to 127.0.0.1:8080 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request.lua")
                .hasMessageContaining("Connection refused");
    }
}

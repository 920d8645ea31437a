package io.edgeserve.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one wrk run measured, as {@code bench/wrk/request.lua} reports it. A run with any answer other than 200, any
 * socket error or timeout, or no request at all is {@link #failed()}: its throughput is not a result.
 */
record LoadResult(long requests, long durationMicros, long p50Micros, long p99Micros, double meanMicros,
        long non200, long socketErrors, long timeouts) {

    static final String MARKER = "EDGESERVE-BENCH ";

    double requestsPerSecond() {
        return durationMicros == 0 ? 0 : requests * 1e6 / durationMicros;
    }

    double p50Millis() {
        return p50Micros / 1000.0;
    }

    double p99Millis() {
        return p99Micros / 1000.0;
    }

    boolean failed() {
        return requests == 0 || non200 > 0 || socketErrors > 0 || timeouts > 0;
    }

    /** What went wrong, for the report: e.g. "12 non-200, 3 socket errors". */
    String failures() {
        List<String> parts = new ArrayList<>();
        if (requests == 0) {
            parts.add("no request completed");
        }
        if (non200 > 0) {
            parts.add(non200 + " non-200");
        }
        if (socketErrors > 0) {
            parts.add(socketErrors + " socket errors");
        }
        if (timeouts > 0) {
            parts.add(timeouts + " timeouts");
        }
        return String.join(", ", parts);
    }

    /** Reads the result line out of wrk's whole output. */
    static LoadResult parse(String wrkOutput) {
        String line = wrkOutput.lines().filter(l -> l.startsWith(MARKER)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("wrk printed no " + MARKER.strip()
                        + " line; was it run with bench/wrk/request.lua? Its output:\n" + wrkOutput));
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
            String[] keyValue = pair.split("=", 2);
            fields.put(keyValue[0], keyValue[1]);
        }
        return new LoadResult(number(fields, "requests"), number(fields, "duration_us"), number(fields, "p50_us"),
                number(fields, "p99_us"), Double.parseDouble(field(fields, "mean_us")), number(fields, "non200"),
                number(fields, "socket_errors"), number(fields, "timeouts"));
    }

    private static long number(Map<String, String> fields, String key) {
        return Long.parseLong(field(fields, key));
    }

    private static String field(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the wrk result line has no " + key);
        }
        return value;
    }
}

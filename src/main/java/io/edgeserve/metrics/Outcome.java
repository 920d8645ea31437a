package io.edgeserve.metrics;

import java.util.Locale;

/**
 * How an inference request ended, judged by its status alone so that every path to a response, problem advice
 * or not, gets the same answer: a 503 is a refusal to take the work (queue full, model not ready, shutting down),
 * a 504 a request that waited past its deadline.
 */
public enum Outcome {
    SUCCESS,
    CLIENT_ERROR,
    SERVER_ERROR,
    REJECTED,
    TIMEOUT,
    /** The client went away before its answer (499): the work was dropped, neither a success nor an error. */
    CANCELLED;

    /** Computed once: every request's metrics ask for it. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** The tag value: {@code success}, {@code client_error}, ... */
    public String label() {
        return label;
    }

    public static Outcome of(int status) {
        if (status == 503 || status == 429) {
            return REJECTED;
        }
        if (status == 499) {
            return CANCELLED;
        }
        if (status == 504) {
            return TIMEOUT;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status >= 400) {
            return CLIENT_ERROR;
        }
        return SUCCESS;
    }

    /** The {@link MetricNames#STATUS} tag: {@code 2xx}, {@code 4xx}, ...; outside 100..599, {@code other}. */
    public static String statusClass(int status) {
        return status >= 100 && status < 600 ? STATUS_CLASSES[status / 100 - 1] : "other";
    }

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
}

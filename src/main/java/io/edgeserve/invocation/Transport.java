package io.edgeserve.invocation;

import java.util.Locale;

/** The front end a request came through: the {@code transport} tag of the request metrics. */
public enum Transport {
    HTTP,
    MQTT;

    /** Computed once: every request's metrics ask for it. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** The tag value: {@code http}, {@code mqtt}. */
    public String label() {
        return label;
    }
}

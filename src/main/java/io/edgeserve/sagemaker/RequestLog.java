package io.edgeserve.sagemaker;

import io.edgeserve.security.Caller;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The request log: one line per request on the logger {@code edgeserve.requests}, off unless
 * {@code edgeserve.request-log.enabled=true}. The fields are in the message for people and attached as key-value
 * pairs for structured (JSON) logs; the request id is in the log context as {@code requestId} already. A device's
 * request names the device (from its certificate) and the access key that signed it.
 */
final class RequestLog {

    static final String LOGGER = "edgeserve.requests";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /**
     * One finished request. {@code model} and {@code variant} are null for requests that are no inference;
     * {@code inferenceNanos} is null where the request never reached the batcher; {@code caller} is null where
     * the request carried no device certificate and no signature.
     */
    record Entry(String requestId, String method, String route, int status, String model, String variant,
                 long durationNanos, Long inferenceNanos, long requestBytes, long responseBytes, Caller caller) {}

    private final boolean enabled;

    RequestLog(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled && log.isInfoEnabled();
    }

    void write(Entry entry) {
        if (!enabled()) {
            return;
        }
        StringBuilder text = new StringBuilder(160)
                .append(entry.method()).append(' ').append(entry.route()).append(' ').append(entry.status());
        LoggingEventBuilder event = log.atInfo()
                .addKeyValue("method", entry.method())
                .addKeyValue("route", entry.route())
                .addKeyValue("status", entry.status());
        if (entry.model() != null) {
            text.append(" model=").append(entry.model()).append(" variant=").append(entry.variant());
            event = event.addKeyValue("model", entry.model()).addKeyValue("variant", entry.variant());
        }
        double durationMs = millis(entry.durationNanos());
        text.append(" durationMs=").append(format(durationMs));
        event = event.addKeyValue("durationMs", durationMs);
        if (entry.inferenceNanos() != null) {
            double inferenceMs = millis(entry.inferenceNanos());
            text.append(" inferenceMs=").append(format(inferenceMs));
            event = event.addKeyValue("inferenceMs", inferenceMs);
        }
        text.append(" requestBytes=").append(entry.requestBytes())
                .append(" responseBytes=").append(entry.responseBytes())
                .append(" requestId=").append(entry.requestId());
        event = event.addKeyValue("requestBytes", entry.requestBytes())
                .addKeyValue("responseBytes", entry.responseBytes());
        Caller caller = entry.caller();
        if (caller != null && caller.device() != null) {
            text.append(" device=").append(caller.device()).append(" cert=").append(caller.certificate());
            event = event.addKeyValue("device", caller.device()).addKeyValue("deviceCertificate", caller.certificate());
        }
        if (caller != null && caller.accessKey() != null) {
            text.append(" key=").append(caller.accessKey());
            event = event.addKeyValue("accessKeyId", caller.accessKey());
        }
        event.log(text.toString());
    }

    /** Milliseconds to the microsecond: finer than that, the clock and the log say nothing true. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static String format(double millis) {
        return String.format(Locale.ROOT, "%.3f", millis);
    }
}

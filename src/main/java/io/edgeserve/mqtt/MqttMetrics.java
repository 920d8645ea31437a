package io.edgeserve.mqtt;

import io.edgeserve.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The MQTT front end's own meters: connection state, reconnections, refusals by reason, redeliveries and lost
 * replies. Request metrics ({@code transport="mqtt"}) come from the invocation core like HTTP's.
 */
final class MqttMetrics {

    /** Why the front end refused a message itself; the {@code reason} tag. */
    enum Refusal {
        MALFORMED_TOPIC, TOO_LARGE, IN_FLIGHT_FULL, NO_REPLY_TOPIC;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter reconnects;
    private final Counter duplicates;
    private final Counter repliesFailed;
    private final AtomicInteger connected = new AtomicInteger();

    MqttMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(MetricNames.MQTT_CONNECTED, connected, AtomicInteger::get)
                .description("1 while connected to the MQTT broker").register(registry);
        reconnects = Counter.builder(MetricNames.MQTT_RECONNECTS)
                .description("Connections to the MQTT broker made again after one was lost").register(registry);
        duplicates = Counter.builder(MetricNames.MQTT_DUPLICATES)
                .description("QoS 1 redeliveries of a request already taken, not computed again").register(registry);
        repliesFailed = Counter.builder(MetricNames.MQTT_REPLIES_FAILED)
                .description("MQTT replies that could not be published").register(registry);
        for (Refusal reason : Refusal.values()) {
            refusals(reason);
        }
    }

    /** Shows the requests being computed now, as {@code inFlight} counts them. */
    void watchInFlight(IntSupplier inFlight) {
        Gauge.builder(MetricNames.MQTT_IN_FLIGHT, inFlight::getAsInt)
                .description("MQTT requests being computed").register(registry);
    }

    void connected(boolean now) {
        connected.set(now ? 1 : 0);
    }

    void reconnected() {
        reconnects.increment();
    }

    void refused(Refusal reason) {
        refusals(reason).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void replyFailed() {
        repliesFailed.increment();
    }

    double refusals(String reason) {
        Counter counter = registry.find(MetricNames.MQTT_REFUSALS).tag(MetricNames.REASON, reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter refusals(Refusal reason) {
        return Counter.builder(MetricNames.MQTT_REFUSALS).description("Messages the MQTT front end refused itself")
                .tag(MetricNames.REASON, reason.label()).register(registry);
    }
}

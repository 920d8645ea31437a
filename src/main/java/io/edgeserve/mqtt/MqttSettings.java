package io.edgeserve.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code edgeserve.mqtt.*} setting, validated once at start; docs/mqtt.md and docs/configuration.md explain
 * them. Off unless {@code enabled}; enabled with no {@code broker}, edgeserve starts its {@link Embedded} broker and
 * connects to it itself.
 *
 * @param enabled            whether edgeserve answers requests published over MQTT
 * @param broker             {@code tcp://host:1883} or {@code ssl://host:8883}; unset, the embedded broker
 * @param clientId           the gateway's MQTT client id; unset, {@code edgeserve-} and a random suffix
 * @param username           for brokers that check a user name and password
 * @param password           the password that goes with {@code username}
 * @param sslBundle          for {@code ssl://}: the Spring SSL bundle with the gateway's own client certificate and
 *                           key and the trust store for the broker's certificate; unset, the JVM's trust store only
 * @param protocol           {@code auto} (MQTT 5, falling back to 3.1.1 where the broker refuses 5), {@code 5}, or
 *                           {@code 3.1.1}
 * @param topicPrefix        the first topic levels of every request and reply topic
 * @param sharedSubscription subscribe as {@code $share/GROUP/...} where the broker supports it, so that gateways on
 *                           one broker share the requests
 * @param shareGroup         the shared subscription's group
 * @param qos                the subscription's QoS: 0 or 1; replies go with the QoS their request came with
 * @param maxPayload         the largest request payload; unset, {@code edgeserve.max-request-size}
 * @param maxInFlight        requests one connection computes at once; beyond, the queue-full problem at once
 * @param recentRequests     answered requests remembered, so that a QoS 1 redelivery is answered again, not computed
 * @param timeout            how long a request may wait for the batcher; unset, {@code edgeserve.batching.timeout}
 * @param reconnectMin       the first wait before reconnecting; it doubles up to {@code reconnectMax}
 * @param reconnectMax       the longest wait between reconnection attempts
 * @param embedded           the embedded broker, used where no {@code broker} is set
 */
@ConfigurationProperties("edgeserve.mqtt")
public record MqttSettings(
        boolean enabled,
        URI broker,
        String clientId,
        String username,
        String password,
        String sslBundle,
        @DefaultValue("auto") String protocol,
        @DefaultValue("edgeserve") String topicPrefix,
        @DefaultValue("true") boolean sharedSubscription,
        @DefaultValue("edgeserve") String shareGroup,
        @DefaultValue("1") int qos,
        DataSize maxPayload,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("1024") int recentRequests,
        Duration timeout,
        @DefaultValue("500ms") Duration reconnectMin,
        @DefaultValue("30s") Duration reconnectMax,
        @DefaultValue Embedded embedded) {

    public MqttSettings {
        if (broker != null && !"tcp".equals(broker.getScheme()) && !"ssl".equals(broker.getScheme())) {
            throw new IllegalArgumentException("edgeserve.mqtt.broker must be tcp://host:port or ssl://host:port, was "
                    + broker);
        }
        protocol = protocol.strip().toLowerCase(Locale.ROOT);
        if (!protocol.equals("auto") && !protocol.equals("5") && !protocol.equals("3.1.1")) {
            throw new IllegalArgumentException("edgeserve.mqtt.protocol must be auto, 5 or 3.1.1, was " + protocol);
        }
        if (topicPrefix.isBlank() || topicPrefix.contains("+") || topicPrefix.contains("#")
                || topicPrefix.startsWith("/") || topicPrefix.endsWith("/")) {
            throw new IllegalArgumentException("edgeserve.mqtt.topic-prefix must be topic levels without wildcards "
                    + "or a leading or trailing '/', was '" + topicPrefix + "'");
        }
        if (shareGroup.isBlank() || shareGroup.contains("/") || shareGroup.contains("+") || shareGroup.contains("#")) {
            throw new IllegalArgumentException("edgeserve.mqtt.share-group must be one topic level, was '" + shareGroup + "'");
        }
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("edgeserve.mqtt.qos must be 0 or 1, was " + qos);
        }
        if (maxPayload != null && maxPayload.toBytes() < 1) {
            throw new IllegalArgumentException("edgeserve.mqtt.max-payload must be positive");
        }
        if (maxInFlight < 1 || recentRequests < 1) {
            throw new IllegalArgumentException("edgeserve.mqtt.max-in-flight and recent-requests must be positive");
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("edgeserve.mqtt.reconnect-min must be positive and at most reconnect-max");
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("edgeserve.mqtt.password is set without edgeserve.mqtt.username");
        }
    }

    /** Whether edgeserve runs the embedded broker: enabled, and no other broker named. */
    public boolean usesEmbeddedBroker() {
        return enabled && broker == null;
    }

    @Override
    public String toString() {
        return "MqttSettings[enabled=" + enabled + ", broker=" + broker + ", clientId=" + clientId + ", username="
                + username + ", password=" + (password == null ? "none" : "(secret)") + ", protocol=" + protocol
                + ", topicPrefix=" + topicPrefix + ", embedded=" + embedded + "]";
    }

    /**
     * The embedded broker (Moquette, MQTT 3.1.1). Moquette binds all its listeners to one {@code host}.
     *
     * @param host      the address its listeners bind
     * @param port      the plain MQTT port
     * @param tlsPort   a TLS port; unset, none. Devices must present a certificate that {@code tlsBundle}'s trust
     *                  store accepts
     * @param tlsBundle the Spring SSL bundle with the broker's certificate and the CA that signs device certificates
     *                  (the gateway profile's {@code edgeserve} bundle)
     */
    public record Embedded(
            @DefaultValue("0.0.0.0") String host,
            @DefaultValue("1883") int port,
            Integer tlsPort,
            @DefaultValue("edgeserve") String tlsBundle) {

        public Embedded {
            if (port < 0 || port > 65535 || (tlsPort != null && (tlsPort < 0 || tlsPort > 65535))) {
                throw new IllegalArgumentException("edgeserve.mqtt.embedded ports must be 0 to 65535");
            }
        }
    }
}

package io.edgeserve.mqtt;

import io.edgeserve.config.EdgeserveProperties;
import io.edgeserve.invocation.InvocationService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.SocketFactory;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires the MQTT front end from {@link MqttSettings} when {@code edgeserve.mqtt.enabled}; no logic lives here. The
 * switch is read by a {@link BeanRegistrar} as the service starts, not by a {@code @Conditional}: the jar is
 * processed by Spring AOT, which settles conditions at build time.
 */
@Configuration(proxyBeanMethods = false)
@Import(MqttConfiguration.Switch.class)
public class MqttConfiguration {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final int RECEIVE_MAXIMUM = 1000;

    /** Registers the front end when {@code edgeserve.mqtt.enabled} is true. */
    public static final class Switch implements BeanRegistrar {
        @Override
        public void register(BeanRegistry registry, Environment environment) {
            if (environment.getProperty("edgeserve.mqtt.enabled", Boolean.class, false)) {
                registry.registerBean("mqttFrontEnd", MqttFrontEnd.class, bean -> bean.supplier(context ->
                        mqttFrontEnd(context.bean(MqttSettings.class), context.bean(EdgeserveProperties.class),
                                context.bean(InvocationService.class), context.bean(MeterRegistry.class),
                                context.bean(SslBundles.class))));
            }
        }
    }

    static MqttFrontEnd mqttFrontEnd(MqttSettings settings, EdgeserveProperties edgeserve, InvocationService core,
            MeterRegistry meters, SslBundles bundles) {
        long maxPayloadBytes = (settings.maxPayload() != null ? settings.maxPayload() : edgeserve.maxRequestSize())
                .toBytes();
        EmbeddedBroker embedded = null;
        String uri;
        if (settings.usesEmbeddedBroker()) {
            MqttSettings.Embedded broker = settings.embedded();
            embedded = new EmbeddedBroker(broker,
                    broker.tlsPort() == null ? null : bundles.getBundle(broker.tlsBundle()), maxPayloadBytes);
            String host = broker.host().equals("0.0.0.0") ? "127.0.0.1" : broker.host();
            uri = "tcp://" + host + ":" + embedded.port();
        } else {
            uri = settings.broker().toString();
        }
        SocketFactory sockets;
        if (uri.startsWith("ssl://")) {
            sockets = NoDelaySockets.tls(settings.sslBundle() == null
                    ? (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()
                    : bundles.getBundle(settings.sslBundle()).createSslContext().getSocketFactory());
        } else {
            sockets = NoDelaySockets.plain();
        }
        String clientId = settings.clientId() != null ? settings.clientId()
                : "edgeserve-" + UUID.randomUUID().toString().substring(0, 8);
        ConnectionTarget target = new ConnectionTarget(uri, clientId, settings.username(), settings.password(), sockets,
                CONNECT_TIMEOUT, KEEP_ALIVE, PUBLISH_TIMEOUT, RECEIVE_MAXIMUM);

        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mqtt-request-", 0)
                .factory());
        MqttMetrics metrics = new MqttMetrics(meters);
        RequestTopics topics = new RequestTopics(settings.topicPrefix());
        MqttInvocations invocations = new MqttInvocations(core, topics, maxPayloadBytes, settings.timeout(),
                settings.maxInFlight(), settings.recentRequests(), metrics, executor);
        metrics.watchInFlight(invocations::inFlight);
        // Moquette 0.17 knows no shared subscriptions and would take $share/... as a plain filter: never share there.
        boolean shareOnV3 = embedded == null;
        BrokerConnection connection = new BrokerConnection(target, settings.protocol(),
                topics, settings.sharedSubscription() ? settings.shareGroup() : null,
                shareOnV3, settings.qos(), new Backoff(settings.reconnectMin(), settings.reconnectMax()),
                invocations, metrics, Mqtt5Session::connect, Mqtt3Session::connect);
        return new MqttFrontEnd(connection, executor, invocations, embedded);
    }
}

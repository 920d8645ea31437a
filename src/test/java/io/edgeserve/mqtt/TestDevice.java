package io.edgeserve.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** Devices for the tests, written with Paho as a device's Java code would be: one MQTT 3.1.1, one MQTT 5. */
final class TestDevice {

    static final String PREFIX = "edgeserve";

    private TestDevice() {}

    /** A reply as a device sees it; over MQTT 3.1.1 only the payload. */
    record Answer(byte[] payload, String contentType, byte[] correlationData, Map<String, String> userProperties) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** An MQTT 3.1.1 device: requests on {@code PREFIX/models/MODEL/invoke/ID/REQUEST}, replies on its own topics. */
    static final class V3 implements AutoCloseable {

        private final MqttClient client;
        private final String id;
        private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();

        V3(String uri, String id) throws Exception {
            this(uri, id, null);
        }

        V3(String uri, String id, SocketFactory sockets) throws Exception {
            this.id = id;
            client = new MqttClient(uri, id, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            if (sockets != null) {
                options.setSocketFactory(sockets);
            }
            client.connect(options);
            client.subscribe(PREFIX + "/replies/" + id + "/+", 1, (topic, message) ->
                    pending.computeIfAbsent(topic, t -> new CompletableFuture<>())
                            .complete(new Answer(message.getPayload(), null, null, Map.of())));
        }

        /** Publishes {@code payload} for {@code model} and waits for the reply to {@code requestId}. */
        Answer ask(String model, String requestLevel, byte[] payload) throws Exception {
            return send(model, requestLevel, payload).get(30, TimeUnit.SECONDS);
        }

        CompletableFuture<Answer> send(String model, String requestLevel, byte[] payload) throws Exception {
            String requestId = requestLevel.split(";")[0];
            CompletableFuture<Answer> reply = pending.computeIfAbsent(PREFIX + "/replies/" + id + "/" + requestId,
                    t -> new CompletableFuture<>());
            client.publish(PREFIX + "/models/" + model + "/invoke/" + id + "/" + requestLevel, payload, 1, false);
            return reply;
        }

        /** Publishes to any topic, for topics that are not requests. */
        void publish(String topic, byte[] payload) throws Exception {
            client.publish(topic, payload, 1, false);
        }

        /** Replies that arrived on {@code requestId}'s topic, forgetting them, so the next one can be awaited. */
        CompletableFuture<Answer> forget(String requestId) {
            return pending.remove(PREFIX + "/replies/" + id + "/" + requestId);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    /** An MQTT 5 device: requests on {@code PREFIX/models/MODEL/invoke} with a Response Topic and Correlation Data. */
    static final class V5 implements AutoCloseable {

        private final MqttAsyncClient client;
        private final String replyTopic;
        private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
        private final Map<String, Integer> replies = new ConcurrentHashMap<>();
        private volatile boolean subscribed;
        private volatile boolean closed;

        V5(String uri, String id) throws Exception {
            replyTopic = "devices/" + id + "/replies";
            client = new MqttAsyncClient(uri, id, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 1);
            options.setReceiveMaximum(2000);
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    MqttProperties properties = message.getProperties();
                    Map<String, String> user = new LinkedHashMap<>();
                    properties.getUserProperties().forEach(p -> user.put(p.getKey(), p.getValue()));
                    String key = HexFormat.of().formatHex(properties.getCorrelationData());
                    replies.merge(key, 1, Integer::sum);
                    pending.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(new Answer(message.getPayload(),
                            properties.getContentType(), properties.getCorrelationData(), user));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    if (reconnect) {
                        // A clean start: the broker forgot the subscription. Paho's callback thread must not block
                        // on the SUBACK, so another thread subscribes, and tries again until it is acknowledged: a
                        // subscribe refused once (the link dropped again, the client still busy) left the device
                        // deaf to every later reply.
                        subscribed = false;
                        Thread.ofVirtual().name("test-device-resubscribe").start(V5.this::resubscribe);
                    }
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {}
            });
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(replyTopic, 1).waitForCompletion(10_000);
            subscribed = true;
        }

        private void resubscribe() {
            while (!subscribed && !closed) {
                try {
                    client.subscribe(replyTopic, 1).waitForCompletion(5_000);
                    subscribed = true;
                } catch (org.eclipse.paho.mqttv5.common.MqttException notYet) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** Sends a request; the future completes with its reply. */
        CompletableFuture<Answer> send(String model, String correlation, String contentType, byte[] payload,
                Map<String, String> userProperties) throws Exception {
            CompletableFuture<Answer> reply = pending.computeIfAbsent(hex(correlation), k -> new CompletableFuture<>());
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(replyTopic);
            properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
            if (contentType != null) {
                properties.setContentType(contentType);
            }
            userProperties.forEach((k, v) -> properties.getUserProperties().add(new UserProperty(k, v)));
            client.publish(PREFIX + "/models/" + model + "/invoke", new MqttMessage(payload, 1, false, properties));
            return reply;
        }

        Answer ask(String model, String correlation, String contentType, byte[] payload) throws Exception {
            return send(model, correlation, contentType, payload, Map.of()).get(30, TimeUnit.SECONDS);
        }

        /** How many replies arrived for each correlation id. */
        Map<String, Integer> replyCounts() {
            return Map.copyOf(replies);
        }

        /** Connected, and subscribed again to its replies after a reconnection. */
        boolean connected() {
            return client.isConnected() && subscribed;
        }

        static String hex(String correlation) {
            return HexFormat.of().formatHex(correlation.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws Exception {
            closed = true;
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(Duration.ofSeconds(5).toMillis());
            }
            client.close(true);
        }
    }
}

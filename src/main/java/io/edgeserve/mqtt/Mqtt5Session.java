package io.edgeserve.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** A session over Paho's MQTT 5 client: request and reply properties travel. */
final class Mqtt5Session implements BrokerSession {

    private final MqttAsyncClient client;
    private final boolean sharedAvailable;
    private final long publishTimeoutMillis;

    private Mqtt5Session(MqttAsyncClient client, boolean sharedAvailable, long publishTimeoutMillis) {
        this.client = client;
        this.sharedAvailable = sharedAvailable;
        this.publishTimeoutMillis = publishTimeoutMillis;
    }

    /** Connects with a clean start; throws what the broker or the network said. */
    static Mqtt5Session connect(ConnectionTarget target, Events events) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(target.uri(), target.clientId(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, target.connectTimeout().toSeconds()));
        options.setKeepAliveInterval((int) target.keepAlive().toSeconds());
        options.setReceiveMaximum(target.receiveMaximum());
        if (target.username() != null) {
            options.setUserName(target.username());
            options.setPassword(target.password() == null ? null : target.password().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        if (target.socketFactory() != null) {
            options.setSocketFactory(target.socketFactory());
        }
        client.setCallback(new Callback(events));
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(target.connectTimeout().toMillis() + 1000);
            MqttProperties connack = token.getResponseProperties();
            boolean shared = connack == null || connack.isSharedSubscriptionAvailable();
            return new Mqtt5Session(client, shared, target.publishTimeout().toMillis());
        } catch (MqttException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    @Override
    public String protocol() {
        return "5";
    }

    @Override
    public boolean sharedSubscriptionAvailable() {
        return sharedAvailable;
    }

    @Override
    public void subscribe(List<String> filters, int qos) throws MqttException {
        int[] qosLevels = new int[filters.size()];
        java.util.Arrays.fill(qosLevels, qos);
        IMqttToken token = client.subscribe(filters.toArray(String[]::new), qosLevels);
        token.waitForCompletion(publishTimeoutMillis);
        for (int code : token.getReasonCodes()) {
            if (code >= 0x80) {
                throw new MqttException(code);
            }
        }
    }

    @Override
    public boolean publish(Reply reply) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(reply.contentType());
        if (reply.correlationData() != null) {
            properties.setCorrelationData(reply.correlationData());
        }
        List<UserProperty> user = new ArrayList<>();
        reply.userProperties().forEach((key, value) -> user.add(new UserProperty(key, value)));
        properties.setUserProperties(user);
        MqttMessage message = new MqttMessage(reply.payload(), reply.qos(), false, properties);
        return PublishRetry.publish(publishTimeoutMillis, () -> client.publish(reply.topic(), message)
                .waitForCompletion(publishTimeoutMillis), e -> e instanceof MqttException m ? m.getReasonCode() : -1);
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(1000);
            }
        } catch (MqttException | RuntimeException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing more to free
        }
    }

    private record Callback(Events events) implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties properties = message.getProperties();
            Map<String, String> user = new LinkedHashMap<>();
            String responseTopic = null;
            byte[] correlation = null;
            String contentType = null;
            if (properties != null) {
                for (UserProperty property : properties.getUserProperties()) {
                    user.putIfAbsent(property.getKey(), property.getValue());
                }
                responseTopic = properties.getResponseTopic();
                correlation = properties.getCorrelationData();
                contentType = properties.getContentType();
            }
            events.message(new InboundMessage(topic, message.getPayload(), message.getQos(), responseTopic, correlation,
                    contentType, Map.copyOf(user), System.nanoTime()));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            events.lost(response.getException());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // reported again through disconnected() where it ends the connection
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

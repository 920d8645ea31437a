package io.edgeserve.mqtt;

import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A session over Paho's MQTT 3.1.1 client, for brokers that refuse MQTT 5: only topics and payloads travel. */
final class Mqtt3Session implements BrokerSession {

    private static final int MAX_INFLIGHT = 1000;

    private final MqttAsyncClient client;
    private final long publishTimeoutMillis;

    private Mqtt3Session(MqttAsyncClient client, long publishTimeoutMillis) {
        this.client = client;
        this.publishTimeoutMillis = publishTimeoutMillis;
    }

    static Mqtt3Session connect(ConnectionTarget target, Events events) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(target.uri(), target.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setConnectionTimeout((int) Math.max(1, target.connectTimeout().toSeconds()));
        options.setKeepAliveInterval((int) target.keepAlive().toSeconds());
        if (target.username() != null) {
            options.setUserName(target.username());
            if (target.password() != null) {
                options.setPassword(target.password().toCharArray());
            }
        }
        if (target.socketFactory() != null) {
            options.setSocketFactory(target.socketFactory());
        }
        client.setCallback(new Callback(events));
        try {
            client.connect(options).waitForCompletion(target.connectTimeout().toMillis() + 1000);
            return new Mqtt3Session(client, target.publishTimeout().toMillis());
        } catch (MqttException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    @Override
    public String protocol() {
        return "3.1.1";
    }

    /** MQTT 3.1.1 has no way to say; the owner decides from the settings. */
    @Override
    public boolean sharedSubscriptionAvailable() {
        return true;
    }

    @Override
    public void subscribe(List<String> filters, int qos) throws MqttException {
        int[] qosLevels = new int[filters.size()];
        java.util.Arrays.fill(qosLevels, qos);
        IMqttToken token = client.subscribe(filters.toArray(String[]::new), qosLevels);
        token.waitForCompletion(publishTimeoutMillis);
        for (int granted : token.getGrantedQos()) {
            if (granted == 0x80) {
                throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
            }
        }
    }

    @Override
    public boolean publish(Reply reply) {
        return PublishRetry.publish(publishTimeoutMillis, () -> client.publish(reply.topic(), reply.payload(),
                reply.qos(), false).waitForCompletion(publishTimeoutMillis),
                e -> e instanceof MqttException m ? m.getReasonCode() : -1);
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
        public void connectionLost(Throwable cause) {
            events.lost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.message(new InboundMessage(topic, message.getPayload(), message.getQos(), null, null, null, Map.of(),
                    System.nanoTime()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }
}

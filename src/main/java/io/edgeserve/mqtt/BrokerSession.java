package io.edgeserve.mqtt;

import java.util.List;

/**
 * One connection to the broker in one protocol version: what {@link BrokerConnection} needs of Paho's MQTT 5 and 3.1.1
 * clients, so that the rest of the front end never sees which one is in use.
 */
interface BrokerSession {

    /** What a session tells its owner, on the client's threads. */
    interface Events {

        void message(InboundMessage message);

        /** The connection was lost or refused after it was made; {@code cause} may be null. */
        void lost(Throwable cause);
    }

    /** {@code 5} or {@code 3.1.1}. */
    String protocol();

    /** What the broker said of shared subscriptions, where it said anything. */
    boolean sharedSubscriptionAvailable();

    void subscribe(List<String> filters, int qos) throws Exception;

    /** Publishes and waits for the broker to take it; false where it could not (not connected, refused). */
    boolean publish(Reply reply);

    /** Disconnects and frees the client's threads; never throws. */
    void close();
}

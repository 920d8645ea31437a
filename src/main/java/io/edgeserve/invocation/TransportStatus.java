package io.edgeserve.invocation;

import java.util.Map;

/**
 * What a front end that depends on something outside the process (MQTT's broker) says of its link, for
 * {@code /ping} to show: never a reason to fail the health check, since HTTP serves whatever the link's state.
 */
public interface TransportStatus {

    Transport transport();

    /** A short word: {@code connected}, {@code connecting}, {@code disconnected}, {@code stopped}. */
    String state();

    /** What else helps an operator: the broker, the protocol version, why it is not connected. */
    Map<String, String> details();
}

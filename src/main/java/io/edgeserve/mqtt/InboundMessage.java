package io.edgeserve.mqtt;

import java.util.Map;

/**
 * A message as the gateway received it, whichever protocol version brought it: MQTT 3.1.1 messages have no
 * properties, so their {@code responseTopic}, {@code correlationData} and {@code contentType} are null and their
 * {@code userProperties} empty.
 *
 * @param receivedNanos when it arrived, on the {@link System#nanoTime()} clock
 */
record InboundMessage(String topic, byte[] payload, int qos, String responseTopic, byte[] correlationData,
                      String contentType, Map<String, String> userProperties, long receivedNanos) {}

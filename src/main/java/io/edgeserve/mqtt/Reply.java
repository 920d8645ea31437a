package io.edgeserve.mqtt;

import java.util.Map;

/**
 * A reply to publish: the answer or a problem document. Over MQTT 3.1.1 only the topic and the payload travel.
 *
 * @param correlationData the request's, or null
 * @param userProperties  {@code status} (the HTTP status the answer would have had) and, when answered,
 *                        {@code precision} and {@code model}
 */
record Reply(String topic, byte[] payload, int qos, String contentType, byte[] correlationData,
             Map<String, String> userProperties) {}

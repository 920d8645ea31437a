package io.edgeserve.mqtt;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a request's payload is, what the device takes back, and its custom attributes, from MQTT 5 properties or
 * from the 3.1.1 convention (docs/mqtt.md). MQTT 5: the Content Type property and the user properties
 * {@code accept}, {@code precision} and {@code top_k}. MQTT 3.1.1: the attributes of the topic's request level
 * ({@code type}, {@code accept}, {@code precision}, {@code top_k}), short names standing for media types because a
 * topic level cannot hold a {@code /}. Where neither names the type, the payload's first bytes do: a PNG, JPEG,
 * {@code .npy} or {@code .npz} signature, JSON's {@code [} or <code>{</code>, else CSV when it starts with a number.
 */
record PayloadFormat(String contentType, String accept, String customAttributes) {

    static final String TYPE = "type";
    static final String ACCEPT = "accept";
    private static final String[] ATTRIBUTES = {"precision", "top_k"};
    private static final Map<String, String> SHORT_NAMES = Map.of(
            "json", "application/json",
            "csv", "text/csv",
            "npy", "application/x-npy",
            "npz", "application/x-npz",
            "png", "image/png",
            "jpeg", "image/jpeg",
            "jpg", "image/jpeg",
            "tensor", "application/json; format=tensor");

    /**
     * @param properties the MQTT 5 user properties or the 3.1.1 topic attributes (both read the same way)
     * @param contentType the MQTT 5 Content Type property, or null
     */
    static PayloadFormat of(String contentType, Map<String, String> properties, byte[] payload) {
        String type = contentType != null && !contentType.isBlank() ? contentType : mediaType(properties.get(TYPE));
        if (type == null) {
            type = sniff(payload);
        }
        StringJoiner attributes = new StringJoiner(",");
        for (String name : ATTRIBUTES) {
            String value = properties.get(name);
            if (value != null) {
                attributes.add(name + "=" + value);
            }
        }
        return new PayloadFormat(type, mediaType(properties.get(ACCEPT)),
                attributes.length() == 0 ? null : attributes.toString());
    }

    /** A short name ({@code csv}) as its media type; anything else (a media type already) as it is. */
    static String mediaType(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return SHORT_NAMES.getOrDefault(name.strip().toLowerCase(Locale.ROOT), name.strip());
    }

    /** The payload's media type by its first bytes; JSON where nothing else fits (the core then says what is wrong). */
    static String sniff(byte[] payload) {
        if (startsWith(payload, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (startsWith(payload, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(payload, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "application/x-npy";
        }
        if (startsWith(payload, 'P', 'K', 3, 4)) {
            return "application/x-npz";
        }
        for (byte b : payload) {
            if (!Character.isWhitespace(b)) {
                boolean number = (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.';
                return number ? "text/csv" : "application/json";
            }
        }
        return "application/json";
    }

    private static boolean startsWith(byte[] payload, int... signature) {
        if (payload.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((payload[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}

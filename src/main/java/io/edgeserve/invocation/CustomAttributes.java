package io.edgeserve.invocation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * SageMaker's {@code X-Amzn-SageMaker-Custom-Attributes}: an opaque string that SageMaker passes through (it
 * strips other request headers). edgeserve reads {@code key=value} pairs from it, separated by commas or
 * semicolons, and adds to it what it tells the caller, such as the variant that answered.
 */
public final class CustomAttributes {

    private CustomAttributes() {}

    /** The {@code key=value} pairs of a header value; other text is ignored. */
    public static Map<String, String> parse(String header) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (header == null) {
            return attributes;
        }
        for (String part : header.split("[,;]")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                attributes.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        return attributes;
    }

    /** The header value with {@code key} set to {@code value}: replaced where present, appended otherwise. */
    public static String with(String header, String key, String value) {
        if (header == null || header.isBlank()) {
            return key + "=" + value;
        }
        StringJoiner joined = new StringJoiner(",");
        boolean replaced = false;
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).strip().equals(key)) {
                joined.add(key + "=" + value);
                replaced = true;
            } else {
                joined.add(part);
            }
        }
        if (!replaced) {
            joined.add(key + "=" + value);
        }
        return joined.toString();
    }
}

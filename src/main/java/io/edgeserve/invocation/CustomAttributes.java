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

    /**
     * The header value with {@code key} set to {@code value}: its first pair replaced where present, any later pairs
     * of that key dropped (so that {@link #parse} reads {@code value} back), appended otherwise. Pairs are found as
     * {@code parse} finds them, between commas or semicolons, and the other text is kept as it was.
     */
    public static String with(String header, String key, String value) {
        if (header == null || header.isBlank()) {
            return key + "=" + value;
        }
        StringBuilder written = new StringBuilder(header.length() + key.length() + value.length() + 2);
        boolean replaced = false;
        int start = 0;
        for (int i = 0; i <= header.length(); i++) {
            if (i < header.length() && header.charAt(i) != ',' && header.charAt(i) != ';') {
                continue;
            }
            String part = header.substring(start, i);
            int equals = part.indexOf('=');
            boolean same = equals > 0 && part.substring(0, equals).strip().equals(key);
            if (!(same && replaced)) {
                written.append(same ? key + "=" + value : part);
                if (i < header.length()) {
                    written.append(header.charAt(i));
                }
            }
            replaced |= same;
            start = i + 1;
        }
        if (!replaced) {
            written.append(',').append(key).append('=').append(value);
        }
        return written.toString();
    }
}

package io.edgeserve.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 problem document of a refusal, as bytes: the same JSON on every transport, HTTP's
 * {@code application/problem+json} body and an MQTT problem reply alike.
 */
public final class ProblemDocument {

    /** The media type of every problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemDocument() {}

    public static byte[] json(ProblemException problem) {
        return json(problem.type(), problem.getMessage(), problem.properties());
    }

    /** {@code type}, {@code title}, {@code status}, {@code detail}, then the extension members. */
    public static byte[] json(ProblemType type, String detail, Map<String, Object> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.putAll(properties);
        return JSON.writeValueAsBytes(body);
    }
}

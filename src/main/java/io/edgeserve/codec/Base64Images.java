package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pictures sent as JSON, the way TensorFlow Serving's REST API takes binary inputs:
 * {@code {"instances": [{"b64": "<base64 JPEG or PNG>"}, ...]}}. Base64 is the standard alphabet (RFC 4648
 * section 4), padding optional. A JSON body for an image model is tensors unless its first instance is such an
 * object, so numeric JSON keeps working for the same model.
 */
final class Base64Images {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Base64Images() {}

    /** True where the body starts as {@code {"instances": [{"b64": ...}: a look at its first tokens only. */
    static boolean present(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return parser.nextToken() == JsonToken.START_OBJECT
                    && parser.nextToken() == JsonToken.PROPERTY_NAME && "instances".equals(parser.currentName())
                    && parser.nextToken() == JsonToken.START_ARRAY
                    && parser.nextToken() == JsonToken.START_OBJECT
                    && parser.nextToken() == JsonToken.PROPERTY_NAME && "b64".equals(parser.currentName());
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * The decoded bytes of every instance, in order.
     *
     * @throws ProblemException 400 naming the instance that is not {@code {"b64": "..."}} or not base64, 413 past
     *     {@code maxImages}
     */
    static List<byte[]> read(byte[] json, int maxImages) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw ProblemException.malformed("the body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode instances = root.get("instances");
        // The body's first tokens said so, but a repeated "instances" replaces the first in the tree.
        if (root.size() != 1 || instances == null || !instances.isArray()) {
            throw ProblemException.malformed("a JSON body of pictures is {\"instances\": [{\"b64\": \"...\"}, ...]} "
                    + "and nothing else");
        }
        if (instances.size() > maxImages) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the request holds " + instances.size()
                    + " pictures; the limit is " + maxImages + " (edgeserve.image.max-images)")
                    .with("maxImages", maxImages);
        }
        List<byte[]> pictures = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            JsonNode instance = instances.get(i);
            JsonNode b64 = instance.get("b64");
            if (!instance.isObject() || instance.size() != 1 || b64 == null || !b64.isString()) {
                throw ProblemException.malformed("instances[" + i + "] must be {\"b64\": \"<base64 JPEG or PNG>\"}, "
                        + "as every instance is when the first is");
            }
            try {
                pictures.add(Base64.getDecoder().decode(b64.asString()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.malformed("instances[" + i + "].b64 is not base64: " + e.getMessage(), e);
            }
        }
        return pictures;
    }
}

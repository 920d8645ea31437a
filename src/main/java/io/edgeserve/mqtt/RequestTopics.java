package io.edgeserve.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request and reply topics under one prefix, and what a request topic says. MQTT 5 devices publish to
 * {@code PREFIX/models/MODEL/invoke} with a Response Topic; MQTT 3.1.1 devices publish to
 * {@code PREFIX/models/MODEL/invoke/CLIENT/REQUEST} and read {@code PREFIX/replies/CLIENT/REQUEST}, so that a broker's
 * ACL can confine each device to its own replies. A 3.1.1 request level may carry attributes after the id:
 * {@code REQUEST;type=csv;accept=csv;precision=float16;top_k=3} (the reply topic keeps only the id).
 */
final class RequestTopics {

    private static final String MODELS = "models";
    private static final String INVOKE = "invoke";
    private static final String REPLIES = "replies";
    private static final int MAX_LEVEL_CHARS = 128;

    private final String prefix;
    private final int prefixLevels;

    RequestTopics(String prefix) {
        this.prefix = prefix;
        this.prefixLevels = prefix.split("/", -1).length;
    }

    /** The filters the gateway subscribes to: shared as {@code $share/GROUP/...} where {@code shareGroup} is set. */
    List<String> subscriptions(String shareGroup) {
        String share = shareGroup == null ? "" : "$share/" + shareGroup + "/";
        return List.of(share + prefix + "/" + MODELS + "/+/" + INVOKE,
                share + prefix + "/" + MODELS + "/+/" + INVOKE + "/+/+");
    }

    /** {@code PREFIX/replies/CLIENT/REQUEST}. */
    String replyTopic(String clientId, String requestId) {
        return prefix + "/" + REPLIES + "/" + clientId + "/" + requestId;
    }

    /** What a topic the gateway received a message on says: a request for a model, or why it is not one. */
    Route parse(String topic) {
        String[] levels = topic.split("/", -1);
        int at = prefixLevels;
        if (levels.length < at + 3 || !topic.startsWith(prefix + "/") || !levels[at].equals(MODELS)
                || !levels[at + 2].equals(INVOKE)) {
            return new Route.Malformed("the topic is not " + prefix + "/models/MODEL/invoke[/CLIENT/REQUEST]");
        }
        String model = levels[at + 1];
        if (model.isEmpty() || model.length() > MAX_LEVEL_CHARS) {
            return new Route.Malformed("the topic names no model, or one longer than " + MAX_LEVEL_CHARS + " characters");
        }
        if (levels.length == at + 3) {
            return new Route.Invoke(model, null, null, Map.of());
        }
        if (levels.length != at + 5) {
            return new Route.Malformed("the topic is not " + prefix + "/models/MODEL/invoke/CLIENT/REQUEST");
        }
        String client = levels[at + 3];
        String[] request = levels[at + 4].split(";");
        String requestId = request.length == 0 ? "" : request[0];
        if (client.isEmpty() || requestId.isEmpty() || client.length() > MAX_LEVEL_CHARS
                || requestId.length() > MAX_LEVEL_CHARS) {
            return new Route.Malformed("the topic's CLIENT and REQUEST levels must be 1 to " + MAX_LEVEL_CHARS
                    + " characters");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < request.length; i++) {
            int equals = request[i].indexOf('=');
            if (equals <= 0) {
                return new Route.Malformed("the request level's attribute '" + request[i] + "' is not key=value",
                        client, requestId);
            }
            attributes.put(request[i].substring(0, equals), request[i].substring(equals + 1));
        }
        return new Route.Invoke(model, client, requestId, attributes);
    }

    /** What a request topic says. */
    sealed interface Route {

        /**
         * A request for {@code model}; {@code clientId} and {@code requestId} are null on the MQTT 5 topic.
         *
         * @param attributes the 3.1.1 attributes after the request id ({@code type}, {@code accept}, {@code precision},
         *                   {@code top_k})
         */
        record Invoke(String model, String clientId, String requestId, Map<String, String> attributes) implements Route {

            /** The 3.1.1 reply topic's levels are known. */
            boolean hasReplyLevels() {
                return clientId != null;
            }
        }

        /**
         * Not a request topic; {@code detail} says why, for the problem reply. {@code clientId} and {@code requestId}
         * are the reply topic's levels where the topic gave them, else null.
         */
        record Malformed(String detail, String clientId, String requestId) implements Route {

            Malformed(String detail) {
                this(detail, null, null);
            }
        }
    }
}

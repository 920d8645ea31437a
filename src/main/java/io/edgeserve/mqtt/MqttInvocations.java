package io.edgeserve.mqtt;

import io.edgeserve.invocation.InvocationAnswer;
import io.edgeserve.invocation.InvocationRequest;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.invocation.Transport;
import io.edgeserve.problem.ProblemDocument;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT front end's one rule: every request message becomes one {@link InvocationRequest} for the core, and its
 * answer or problem one reply on the reply topic. Nothing is buffered: a message over the in-flight bound is
 * answered queue-full at once, and a redelivered request is never computed twice ({@link RecentRequests}). Messages
 * with no known reply topic are counted, never computed.
 */
final class MqttInvocations {

    private static final Logger log = LoggerFactory.getLogger(MqttInvocations.class);
    static final String STATUS = "status";
    static final String PRECISION = "precision";
    static final String MODEL = "model";

    /** Publishes a reply; false where it could not be sent. */
    @FunctionalInterface
    interface ReplySink {
        boolean publish(Reply reply);
    }

    private final InvocationService core;
    private final RequestTopics topics;
    private final long maxPayloadBytes;
    private final Duration timeout;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final RecentRequests recent;
    private final MqttMetrics metrics;
    private final Executor executor;

    MqttInvocations(InvocationService core, RequestTopics topics, long maxPayloadBytes, Duration timeout,
            int maxInFlight, int recentRequests, MqttMetrics metrics, Executor executor) {
        this.core = core;
        this.topics = topics;
        this.maxPayloadBytes = maxPayloadBytes;
        this.timeout = timeout;
        this.inFlight = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.recent = new RecentRequests(recentRequests);
        this.metrics = metrics;
        this.executor = executor;
    }

    /** Requests being computed now. */
    int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /** Takes one message on the client's callback thread: decides at once, computes on the executor. */
    void accept(InboundMessage message, ReplySink sink) {
        log.debug("MQTT message on {}: {} bytes, QoS {}, response topic {}", message.topic(), message.payload().length,
                message.qos(), message.responseTopic());
        int qos = Math.min(message.qos(), 1);
        RequestTopics.Route route = topics.parse(message.topic());
        if (route instanceof RequestTopics.Route.Malformed malformed) {
            metrics.refused(MqttMetrics.Refusal.MALFORMED_TOPIC);
            String replyTopic = message.responseTopic() != null ? message.responseTopic()
                    : malformed.clientId() != null ? topics.replyTopic(malformed.clientId(), malformed.requestId()) : null;
            if (replyTopic != null) {
                InvocationRequest request = request(message, null, PayloadFormat.of(null, Map.of(), new byte[0]), null);
                refuse(request, new ProblemException(ProblemType.INVALID_REQUEST, malformed.detail()
                        + " (" + message.topic() + ")"), replyTopic, qos, message, sink);
            }
            return;
        }
        RequestTopics.Route.Invoke invoke = (RequestTopics.Route.Invoke) route;
        String replyTopic = message.responseTopic() != null ? message.responseTopic()
                : invoke.hasReplyLevels() ? topics.replyTopic(invoke.clientId(), invoke.requestId()) : null;
        if (replyTopic == null) {
            metrics.refused(MqttMetrics.Refusal.NO_REPLY_TOPIC);
            log.debug("MQTT request on {} has no Response Topic and no CLIENT/REQUEST levels: not answered",
                    message.topic());
            return;
        }
        Map<String, String> properties = invoke.hasReplyLevels() && message.userProperties().isEmpty()
                ? invoke.attributes() : message.userProperties();
        PayloadFormat format = PayloadFormat.of(message.contentType(), properties, message.payload());
        InvocationRequest request = request(message, invoke, format, replyTopic);
        if (message.payload().length > maxPayloadBytes) {
            metrics.refused(MqttMetrics.Refusal.TOO_LARGE);
            refuse(request, new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the payload of "
                    + message.payload().length + " bytes exceeds the limit of " + maxPayloadBytes
                    + " bytes (edgeserve.mqtt.max-payload)").with("maxBytes", maxPayloadBytes), replyTopic, qos,
                    message, sink);
            return;
        }
        String key = dedupKey(message, invoke, replyTopic);
        if (key != null) {
            switch (recent.claim(key)) {
                case RecentRequests.Claim.InProgress ignored -> {
                    metrics.duplicate();
                    return;
                }
                case RecentRequests.Claim.Answered answered -> {
                    metrics.duplicate();
                    send(answered.reply(), sink);
                    return;
                }
                case RecentRequests.Claim.Fresh ignored -> { }
            }
        }
        if (!inFlight.tryAcquire()) {
            metrics.refused(MqttMetrics.Refusal.IN_FLIGHT_FULL);
            if (key != null) {
                recent.release(key);
            }
            refuse(request, new ProblemException(ProblemType.QUEUE_FULL, "this gateway is computing "
                    + maxInFlight + " MQTT requests already (edgeserve.mqtt.max-in-flight); retry shortly")
                    .with("retryAfterSeconds", 1), replyTopic, qos, message, sink);
            return;
        }
        try {
            executor.execute(() -> compute(request, replyTopic, qos, message, key, sink));
        } catch (RuntimeException e) {
            inFlight.release();
            if (key != null) {
                recent.release(key);
            }
            refuse(request, new ProblemException(ProblemType.SHUTTING_DOWN, "the gateway is stopping"), replyTopic,
                    qos, message, sink);
        }
    }

    private void compute(InvocationRequest request, String replyTopic, int qos, InboundMessage message, String key,
            ReplySink sink) {
        Reply reply;
        try {
            InvocationAnswer answer = core.invoke(request);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(STATUS, "200");
            properties.put(PRECISION, answer.precision().label());
            properties.put(MODEL, answer.model());
            reply = new Reply(replyTopic, answer.body(), qos, answer.contentType().toString(),
                    message.correlationData(), properties);
        } catch (ProblemException problem) {
            reply = problemReply(problem, replyTopic, qos, message);
        } catch (RuntimeException e) {
            log.error("MQTT request {} failed", request.requestId(), e);
            reply = problemReply(new ProblemException(ProblemType.INTERNAL_ERROR, "the request failed"), replyTopic,
                    qos, message);
        } finally {
            inFlight.release();
        }
        if (key != null) {
            recent.answered(key, reply);
        }
        send(reply, sink);
    }

    private void refuse(InvocationRequest request, ProblemException problem, String replyTopic, int qos,
            InboundMessage message, ReplySink sink) {
        core.refused(request, problem);
        send(problemReply(problem, replyTopic, qos, message), sink);
    }

    private void send(Reply reply, ReplySink sink) {
        boolean sent = sink.publish(reply);
        log.debug("MQTT reply on {}: {}", reply.topic(), sent ? "sent" : "not sent");
        if (!sent) {
            metrics.replyFailed();
        }
    }

    private static Reply problemReply(ProblemException problem, String replyTopic, int qos, InboundMessage message) {
        return new Reply(replyTopic, ProblemDocument.json(problem), qos, ProblemDocument.MEDIA_TYPE,
                message.correlationData(), Map.of(STATUS, Integer.toString(problem.type().status())));
    }

    private InvocationRequest request(InboundMessage message, RequestTopics.Route.Invoke invoke, PayloadFormat format,
            String replyTopic) {
        String requestId = invoke != null && invoke.hasReplyLevels() ? invoke.clientId() + "/" + invoke.requestId()
                : message.correlationData() != null ? HexFormat.of().formatHex(message.correlationData())
                : UUID.randomUUID().toString();
        return new InvocationRequest(Transport.MQTT, requestId, invoke == null ? null : invoke.model(),
                format.customAttributes(), format.contentType(), format.accept(),
                new ByteArrayInputStream(message.payload()), message.payload().length, maxPayloadBytes, timeout, null,
                message.receivedNanos());
    }

    /** A request's identity across redeliveries, or null where it has none (MQTT 5 without correlation data). */
    private static String dedupKey(InboundMessage message, RequestTopics.Route.Invoke invoke, String replyTopic) {
        if (message.correlationData() != null) {
            return replyTopic + "#" + HexFormat.of().formatHex(message.correlationData());
        }
        return invoke.hasReplyLevels() ? invoke.clientId() + "/" + invoke.requestId() : null;
    }
}

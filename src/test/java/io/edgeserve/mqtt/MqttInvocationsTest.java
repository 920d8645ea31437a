package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.invocation.InvocationRecord;
import io.edgeserve.invocation.InvocationService;
import io.edgeserve.invocation.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The front end's decisions before the core computes anything, with an executor that holds every task (so requests
 * stay in flight) and no model at all: whatever is refused here is refused without inference.
 */
class MqttInvocationsTest {

    private final List<Runnable> held = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    private final List<InvocationRecord> records = new ArrayList<>();
    private final MqttMetrics metrics = new MqttMetrics(new SimpleMeterRegistry());
    private final InvocationService core = new InvocationService(null, null, null, List.of(records::add),
            Clock.systemUTC());
    private final MqttInvocations invocations = new MqttInvocations(core, new RequestTopics("edgeserve"), 100, null, 1,
            16, metrics, held::add);

    private static InboundMessage v3(String requestLevel, int bytes) {
        return new InboundMessage("edgeserve/models/iris/invoke/dev/" + requestLevel, new byte[bytes], 1, null, null,
                null, Map.of(), System.nanoTime());
    }

    private void accept(InboundMessage message) {
        invocations.accept(message, replies::add);
    }

    private String lastPayload() {
        return new String(replies.getLast().payload(), StandardCharsets.UTF_8);
    }

    @Test
    void beyondTheInFlightBound_answersQueueFullAtOnce() {
        accept(v3("r1", 10));
        accept(v3("r2", 10));
        assertThat(held).hasSize(1);
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().topic()).isEqualTo("edgeserve/replies/dev/r2");
        assertThat(replies.getFirst().userProperties()).containsEntry("status", "503");
        assertThat(lastPayload()).contains("https://edgeserve.io/problems/queue-full");
        assertThat(metrics.refusals("in_flight_full")).isEqualTo(1);
        assertThat(records.getLast().transport()).isEqualTo(Transport.MQTT);
    }

    @Test
    void redeliveryWhileTheFirstIsComputing_isDropped() {
        accept(v3("r1", 10));
        accept(v3("r1", 10));
        assertThat(held).hasSize(1);
        assertThat(replies).isEmpty();
    }

    @Test
    void oversizedPayload_isRefusedUnread_withTheLimit() {
        accept(v3("big", 101));
        assertThat(held).isEmpty();
        assertThat(lastPayload()).contains("payload-too-large").contains("\"maxBytes\":100");
        assertThat(replies.getLast().userProperties()).containsEntry("status", "413");
        assertThat(metrics.refusals("too_large")).isEqualTo(1);
    }

    @Test
    void mqtt5RequestWithoutResponseTopic_isCountedNotComputed() {
        accept(new InboundMessage("edgeserve/models/iris/invoke", new byte[4], 1, null, null, null, Map.of(),
                System.nanoTime()));
        assertThat(held).isEmpty();
        assertThat(replies).isEmpty();
        assertThat(metrics.refusals("no_reply_topic")).isEqualTo(1);
    }

    @Test
    void problemReply_carriesTheCorrelationDataAndProblemContentType() {
        byte[] correlation = {7, 7};
        accept(new InboundMessage("edgeserve/models/iris/invoke", new byte[101], 1, "devices/d/replies", correlation,
                null, Map.of(), System.nanoTime()));
        Reply reply = replies.getLast();
        assertThat(reply.topic()).isEqualTo("devices/d/replies");
        assertThat(reply.correlationData()).isEqualTo(correlation);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
    }
}

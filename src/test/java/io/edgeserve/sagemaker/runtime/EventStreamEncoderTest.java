package io.edgeserve.sagemaker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/** The event stream encoder, checked against the decoder and encoder that the AWS SDK itself uses. */
class EventStreamEncoderTest {

    @Test
    void event_decodesWithTheSdkDecoder() {
        byte[] payload = "[[4.9999918937683105]]".getBytes(StandardCharsets.UTF_8);

        Message message = Message.decode(ByteBuffer.wrap(EventStreamEncoder.event("PayloadPart", "application/octet-stream", payload)));

        assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(message.getHeaders().get(":event-type").getString()).isEqualTo("PayloadPart");
        assertThat(message.getHeaders().get(":content-type").getString()).isEqualTo("application/octet-stream");
        assertThat(message.getPayload()).isEqualTo(payload);
    }

    @Test
    void encoding_isByteForByteTheSdkEncoding() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "event");
        headers.put(":event-type", "PayloadPart");
        headers.put("ünïcode", "välue");
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        Map<String, HeaderValue> sdkHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> sdkHeaders.put(name, HeaderValue.fromString(value)));

        ByteBuffer expected = new Message(sdkHeaders, payload).toByteBuffer();

        assertThat(EventStreamEncoder.encode(headers, payload)).isEqualTo(toArray(expected));
    }

    @Test
    void emptyPayload_isAValidMessage() {
        Message message = Message.decode(ByteBuffer.wrap(EventStreamEncoder.encode(Map.of("a", "b"), new byte[0])));

        assertThat(message.getPayload()).isEmpty();
    }

    @Test
    void streamOfMessages_decodesInOrderWhenFedInPieces() {
        byte[] first = EventStreamEncoder.event("PayloadPart", "application/octet-stream", "one".getBytes(StandardCharsets.UTF_8));
        byte[] second = PayloadPartStream.streamError("shutting-down", "The model is shutting down.");
        ByteBuffer wire = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        MessageDecoder decoder = new MessageDecoder();

        while (wire.hasRemaining()) {
            byte[] piece = new byte[Math.min(7, wire.remaining())];
            wire.get(piece);
            decoder.feed(piece);
        }

        List<Message> messages = decoder.getDecodedMessages();
        assertThat(messages).hasSize(2);
        assertThat(new String(messages.get(0).getPayload(), StandardCharsets.UTF_8)).isEqualTo("one");
        Message error = messages.get(1);
        assertThat(error.getHeaders().get(":message-type").getString()).isEqualTo("exception");
        assertThat(error.getHeaders().get(":exception-type").getString()).isEqualTo("ModelStreamError");
        assertThat(error.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
        assertThat(new String(error.getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Message\":\"The model is shutting down.\",\"ErrorCode\":\"shutting-down\"}");
    }

    @Test
    void payloadOverTheFormatsLimit_isRefused() {
        assertThatThrownBy(() -> EventStreamEncoder.encode(Map.of(), new byte[EventStreamEncoder.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void headerNameOverItsLimit_isRefused() {
        assertThatThrownBy(() -> EventStreamEncoder.encode(Map.of("x".repeat(256), "v"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}

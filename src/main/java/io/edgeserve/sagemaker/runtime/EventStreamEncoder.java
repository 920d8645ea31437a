package io.edgeserve.sagemaker.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes messages of AWS's event stream ({@code application/vnd.amazon.eventstream}), the framing of
 * {@code InvokeEndpointWithResponseStream}: a prelude (total length, headers length, CRC32 of those eight
 * bytes), the headers, the payload, and a CRC32 of everything before it. Only string headers are written,
 * the only kind the runtime API's events carry.
 */
final class EventStreamEncoder {

    static final String MEDIA_TYPE = "application/vnd.amazon.eventstream";
    /** The format's limits: 128 KiB of headers, 16 MiB of payload per message. */
    static final int MAX_HEADERS_BYTES = 128 * 1024;
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;
    private static final byte STRING_TYPE = 7;

    private EventStreamEncoder() {}

    /** An event: {@code :message-type=event}, its {@code :event-type}, and a payload of {@code contentType}. */
    static byte[] event(String eventType, String contentType, byte[] payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "event");
        headers.put(":event-type", eventType);
        headers.put(":content-type", contentType);
        return encode(headers, payload);
    }

    /** A modelled exception: {@code :message-type=exception}, its {@code :exception-type}, a JSON payload. */
    static byte[] exception(String exceptionType, byte[] json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "exception");
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        return encode(headers, json);
    }

    static byte[] encode(Map<String, String> headers, byte[] payload) {
        byte[] encodedHeaders = headers(headers);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("an event stream payload is at most " + MAX_PAYLOAD_BYTES
                    + " bytes, this one " + payload.length);
        }
        int total = PRELUDE_BYTES + encodedHeaders.length + payload.length + CRC_BYTES;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(encodedHeaders.length);
        message.putInt((int) crc32(message.array(), 0, 8));
        message.put(encodedHeaders).put(payload);
        message.putInt((int) crc32(message.array(), 0, total - CRC_BYTES));
        return message.array();
    }

    private static byte[] headers(Map<String, String> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
            if (nameBytes.length == 0 || nameBytes.length > 255 || valueBytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("header '" + name + "' does not fit an event stream header");
            }
            out.write(nameBytes.length);
            out.writeBytes(nameBytes);
            out.write(STRING_TYPE);
            out.write(valueBytes.length >>> 8);
            out.write(valueBytes.length & 0xff);
            out.writeBytes(valueBytes);
        });
        if (out.size() > MAX_HEADERS_BYTES) {
            throw new IllegalArgumentException("event stream headers are at most " + MAX_HEADERS_BYTES + " bytes");
        }
        return out.toByteArray();
    }

    private static long crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}

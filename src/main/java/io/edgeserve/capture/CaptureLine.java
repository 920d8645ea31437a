package io.edgeserve.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one {@link CaptureEvent} as a line of SageMaker Data Capture's JSON Lines: {@code captureData} with
 * {@code endpointInput} and {@code endpointOutput}, {@code eventMetadata}, {@code eventVersion}. JSON and CSV
 * bodies are kept as text, every other body (pictures, .npy) as BASE64, so the same Model Monitor jobs read
 * edge and cloud captures alike. A body over the size limit is written with empty data and its size in
 * {@code skippedBytes}, so that a reader sees it was there and how large, never a cut body.
 */
public final class CaptureLine {

    /** The format version SageMaker writes. */
    public static final String EVENT_VERSION = "0";

    private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ISO_INSTANT;

    private CaptureLine() {}

    /** The event's line, ending in {@code \n}. */
    public static byte[] encode(CaptureEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + size(event.input()) * 4 / 3 + size(event.output()) * 4 / 3);
        encode(event, out);
        return out.toByteArray();
    }

    /**
     * Writes the event's line, ending in {@code \n}, straight to {@code out} (the spool file's buffer): the bodies are
     * copied once, into it. {@code out} is not closed.
     */
    public static void encode(CaptureEvent event, OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeName("captureData");
            json.writeStartObject();
            if (event.input() != null) {
                body(json, "endpointInput", "INPUT", event.input());
            }
            if (event.output() != null) {
                body(json, "endpointOutput", "OUTPUT", event.output());
            }
            json.writeEndObject();
            json.writeName("eventMetadata");
            json.writeStartObject();
            json.writeStringProperty("eventId", event.eventId());
            json.writeStringProperty("inferenceTime",
                    ISO_SECONDS.format(event.inferenceTime().truncatedTo(ChronoUnit.MILLIS)));
            if (event.customAttributes() != null) {
                json.writeStringProperty("customAttributes", event.customAttributes());
            }
            json.writeStringProperty("model", event.model());
            if (event.version() != null) {
                json.writeStringProperty("version", event.version());
            }
            json.writeStringProperty("variant", event.variant());
            json.writeEndObject();
            json.writeStringProperty("eventVersion", EVENT_VERSION);
            json.writeEndObject();
        }
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int size(CaptureEvent.Body body) {
        return body == null || body.data() == null ? 0 : body.data().length;
    }

    private static void body(JsonGenerator json, String name, String mode, CaptureEvent.Body body) {
        json.writeName(name);
        json.writeStartObject();
        json.writeStringProperty("observedContentType", body.contentType());
        json.writeStringProperty("mode", mode);
        String encoding = encoding(body.contentType());
        byte[] data = body.data();
        Text text = data == null || encoding.equals(BASE64) ? null : Text.of(data);
        if (text == Text.NOT_UTF8) {
            encoding = BASE64; // declared as text but not UTF-8: kept exactly, as bytes
        }
        json.writeName("data");
        if (data == null) {
            json.writeString("");
        } else if (encoding.equals(BASE64)) {
            json.writeBinary(data); // standard Base64 with padding, no line feeds, written straight to the line
        } else if (text == Text.PLAIN) {
            json.writeRawUTF8String(data, 0, data.length); // nothing to escape: copied as it is
        } else {
            json.writeUTF8String(data, 0, data.length); // escaped as it is copied, never decoded to a String
        }
        json.writeStringProperty("encoding", encoding);
        if (body.skipped()) {
            json.writeNumberProperty("skippedBytes", body.sizeBytes());
        }
        json.writeEndObject();
    }

    static final String BASE64 = "BASE64";

    /** {@code JSON} for JSON (and JSON Lines), {@code CSV} for CSV, {@code BASE64} for everything else. */
    static String encoding(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        type = (semicolon >= 0 ? type.substring(0, semicolon) : type).strip();
        if (type.equals("application/json") || type.endsWith("+json") || type.equals("application/jsonlines")
                || type.equals("application/x-ndjson")) {
            return "JSON";
        }
        if (type.equals("text/csv")) {
            return "CSV";
        }
        return BASE64;
    }

    /** What a text body needs to become a JSON string. */
    enum Text {
        /** Printable ASCII without quotes or backslashes (most JSON and CSV of numbers): copied as it is. */
        PLAIN,
        /** Valid UTF-8 with characters to escape. */
        ESCAPED,
        /** Not UTF-8: written as BASE64. */
        NOT_UTF8;

        static Text of(byte[] data) {
            int i = 0;
            for (; i < data.length; i++) {
                byte b = data[i];
                if (b < 0x20 || b == '"' || b == '\\') { // negative bytes (non-ASCII) included
                    break;
                }
            }
            if (i == data.length) {
                return PLAIN;
            }
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, i, data.length - i));
                return ESCAPED;
            } catch (CharacterCodingException e) {
                return NOT_UTF8;
            }
        }
    }
}

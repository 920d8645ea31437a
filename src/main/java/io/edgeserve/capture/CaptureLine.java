package io.edgeserve.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.core.JsonGenerator;
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

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ISO_INSTANT;

    private CaptureLine() {}

    /** The event's line, ending in {@code \n}. */
    public static byte[] encode(CaptureEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + size(event.input()) * 4 / 3 + size(event.output()) * 4 / 3);
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
        out.write('\n');
        return out.toByteArray();
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
        String text = null;
        if (body.data() != null && !encoding.equals(BASE64)) {
            text = utf8(body.data());
            if (text == null) { // declared as text but not UTF-8: kept exactly, as bytes
                encoding = BASE64;
            }
        }
        if (body.skipped()) {
            json.writeStringProperty("data", "");
        } else {
            json.writeStringProperty("data", text != null ? text : Base64.getEncoder().encodeToString(body.data()));
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

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

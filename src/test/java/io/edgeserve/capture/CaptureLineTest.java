package io.edgeserve.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.TestPictures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CaptureLineTest {

    private static final CaptureSettings BOTH = new CaptureSettings(true, 100, CaptureMode.BOTH, 1 << 20);

    private static JsonNode line(io.edgeserve.invocation.InvocationRecord record, CaptureSettings settings) {
        byte[] line = CaptureLine.encode(CaptureEvent.of(record, settings));
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        assertThat(new String(line, StandardCharsets.UTF_8).strip()).doesNotContain("\n");
        return CaptureRecords.parse(line);
    }

    @Test
    void jsonRequest_isWrittenInSageMakersLayoutWithTheBodiesAsText() {
        JsonNode line = line(CaptureRecords.json("req-1"), BOTH);

        JsonNode input = line.at("/captureData/endpointInput");
        assertThat(input.get("observedContentType").asString()).isEqualTo("application/json");
        assertThat(input.get("mode").asString()).isEqualTo("INPUT");
        assertThat(input.get("data").asString()).isEqualTo("[[1, 2]]");
        assertThat(input.get("encoding").asString()).isEqualTo("JSON");
        JsonNode output = line.at("/captureData/endpointOutput");
        assertThat(output.get("mode").asString()).isEqualTo("OUTPUT");
        assertThat(output.get("data").asString()).isEqualTo("[[3.0]]");
        assertThat(output.get("encoding").asString()).isEqualTo("JSON");
        JsonNode metadata = line.get("eventMetadata");
        assertThat(metadata.get("eventId").asString()).isEqualTo("req-1");
        assertThat(metadata.get("inferenceTime").asString()).isEqualTo("2026-12-03T13:45:07.123Z");
        assertThat(metadata.get("customAttributes").asString()).isEqualTo("trace=42");
        assertThat(metadata.get("model").asString()).isEqualTo("linreg");
        assertThat(metadata.get("variant").asString()).isEqualTo("float32");
        assertThat(metadata.has("version")).isFalse();
        assertThat(line.get("eventVersion").asString()).isEqualTo("0");
    }

    @Test
    void csv_isText() {
        JsonNode line = line(CaptureRecords.answered("r", "text/csv", "1,2\n3,4\n".getBytes(), "text/csv; charset=utf-8",
                "3.0\n7.0\n".getBytes(), "linreg"), BOTH);

        assertThat(line.at("/captureData/endpointInput/encoding").asString()).isEqualTo("CSV");
        assertThat(line.at("/captureData/endpointInput/data").asString()).isEqualTo("1,2\n3,4\n");
        assertThat(line.at("/captureData/endpointOutput/encoding").asString()).isEqualTo("CSV");
        assertThat(line.at("/captureData/endpointOutput/data").asString()).isEqualTo("3.0\n7.0\n");
    }

    @Test
    void pictureAndNpy_roundTripThroughBase64() {
        byte[] png = TestPictures.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        byte[] npy = npy(1f, 2f, 3f, 4f);

        JsonNode line = line(CaptureRecords.answered("r", "image/png", png, "application/x-npy", npy,
                "resnet20"), BOTH);

        assertThat(line.at("/captureData/endpointInput/encoding").asString()).isEqualTo("BASE64");
        assertThat(Base64.getDecoder().decode(line.at("/captureData/endpointInput/data").asString())).isEqualTo(png);
        assertThat(line.at("/captureData/endpointOutput/encoding").asString()).isEqualTo("BASE64");
        assertThat(Base64.getDecoder().decode(line.at("/captureData/endpointOutput/data").asString()))
                .isEqualTo(npy);
    }

    @Test
    void jsonWithQuotesBackslashesAndNonAscii_comesBackExactly() {
        String body = "{\"instances\": [{\"label\": \"caf\u00e9 \\\\ \\\"x\\\"\"}],\n \"k\": 1}";

        JsonNode line = line(CaptureRecords.answered("r", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "application/json", "[1]".getBytes(), "m"), BOTH);

        assertThat(line.at("/captureData/endpointInput/encoding").asString()).isEqualTo("JSON");
        assertThat(line.at("/captureData/endpointInput/data").asString()).isEqualTo(body);
    }

    @Test
    void jsonThatIsNotUtf8_isKeptExactlyAsBase64() {
        byte[] latin1 = {'[', '"', (byte) 0xE9, '"', ']'};

        JsonNode line = line(CaptureRecords.answered("r", "application/json", latin1, "application/json",
                "[1]".getBytes(), "m"), BOTH);

        assertThat(line.at("/captureData/endpointInput/encoding").asString()).isEqualTo("BASE64");
        assertThat(Base64.getDecoder().decode(line.at("/captureData/endpointInput/data").asString())).isEqualTo(latin1);
    }

    @Test
    void bodyOverTheLimit_isRecordedAsSkippedWithItsSize_neverCut() {
        byte[] big = "[".concat("1,".repeat(600)).concat("1]").getBytes();

        JsonNode line = line(CaptureRecords.answered("r", "application/json", big, "application/json",
                "[1]".getBytes(), "m"), new CaptureSettings(true, 100, CaptureMode.BOTH, 1000));

        JsonNode input = line.at("/captureData/endpointInput");
        assertThat(input.get("data").asString()).isEmpty();
        assertThat(input.get("skippedBytes").asLong()).isEqualTo(big.length);
        assertThat(line.at("/captureData/endpointOutput/data").asString()).isEqualTo("[1]");
    }

    @Test
    void modeInput_leavesTheOutputOut_andAVersionedModelNamesItsVersion() {
        JsonNode line = line(CaptureRecords.answered("r", "application/json", "[1]".getBytes(), "application/json",
                "[2]".getBytes(), "iris:3"), new CaptureSettings(true, 100, CaptureMode.INPUT, 1000));

        assertThat(line.at("/captureData").has("endpointInput")).isTrue();
        assertThat(line.at("/captureData").has("endpointOutput")).isFalse();
        assertThat(line.at("/eventMetadata/model").asString()).isEqualTo("iris");
        assertThat(line.at("/eventMetadata/version").asString()).isEqualTo("3");
    }

    /** A version 1 .npy file of float32 values in one row, bytes that are not text. */
    static byte[] npy(float... values) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, " + values.length + "), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putFloat(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                (byte) header.length(), (byte) (header.length() >> 8)});
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data.array());
        return out.toByteArray();
    }
}

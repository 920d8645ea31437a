package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void contentTypeProperty_winsOverEverything() {
        PayloadFormat format = PayloadFormat.of("text/csv", Map.of("type", "png"), bytes("[[1]]"));
        assertThat(format.contentType()).isEqualTo("text/csv");
    }

    @Test
    void shortNames_standForMediaTypes() {
        PayloadFormat format = PayloadFormat.of(null, Map.of("type", "npy", "accept", "csv"), bytes("x"));
        assertThat(format.contentType()).isEqualTo("application/x-npy");
        assertThat(format.accept()).isEqualTo("text/csv");
    }

    @Test
    void precisionAndTopK_becomeCustomAttributes() {
        assertThat(PayloadFormat.of(null, Map.of("precision", "float16", "top_k", "3"), bytes("[1]")).customAttributes())
                .isEqualTo("precision=float16,top_k=3");
        assertThat(PayloadFormat.of(null, Map.of(), bytes("[1]")).customAttributes()).isNull();
    }

    @Test
    void withoutAType_thePayloadsFirstBytesDecide() {
        assertThat(PayloadFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10})).isEqualTo("image/png");
        assertThat(PayloadFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(PayloadFormat.sniff(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1})).isEqualTo("application/x-npy");
        assertThat(PayloadFormat.sniff(bytes("PK\u0003\u0004"))).isEqualTo("application/x-npz");
        assertThat(PayloadFormat.sniff(bytes("  [[1, 2]]"))).isEqualTo("application/json");
        assertThat(PayloadFormat.sniff(bytes("{\"instances\": []}"))).isEqualTo("application/json");
        assertThat(PayloadFormat.sniff(bytes("5.1,3.5\n"))).isEqualTo("text/csv");
        assertThat(PayloadFormat.sniff(bytes("-1,2\n"))).isEqualTo("text/csv");
        assertThat(PayloadFormat.sniff(new byte[0])).isEqualTo("application/json");
    }
}

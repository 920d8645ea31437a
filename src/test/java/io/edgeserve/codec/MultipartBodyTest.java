package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class MultipartBodyTest {

    private static final MediaType TYPE = MediaType.parseMediaType("multipart/form-data; boundary=XyZ");

    @Test
    void parts_areReadInOrderWithTheirNames() {
        String body = "preamble to ignore\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"first\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n"
                + "\r\n"
                + "AAA\r\nstill A\r\n"
                + "--XyZ\r\n"
                + "content-disposition: form-data; name=\"second\"\r\n"
                + "\r\n"
                + "BB\r\n"
                + "--XyZ--\r\n"
                + "epilogue to ignore";

        List<MultipartBody.Part> parts = MultipartBody.parse(TYPE, bytes(body), 8);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("first");
        assertThat(parts.get(0).filename()).isEqualTo("a.png");
        assertThat(new String(parts.get(0).content(), StandardCharsets.US_ASCII)).isEqualTo("AAA\r\nstill A");
        assertThat(parts.get(1).describe()).isEqualTo("part 2 ('second')");
        assertThat(new String(parts.get(1).content(), StandardCharsets.US_ASCII)).isEqualTo("BB");
    }

    @Test
    void binaryContent_isKeptByteForByte() {
        byte[] content = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, (byte) 0xFF, '-', '-'};
        byte[] head = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n");
        byte[] tail = bytes("\r\n--XyZ--\r\n");
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);

        assertThat(MultipartBody.parse(TYPE, body, 8).getFirst().content()).isEqualTo(content);
    }

    @Test
    void quotedBoundary_isUnquoted() {
        MediaType quoted = MediaType.parseMediaType("multipart/form-data; boundary=\"a:b\"");

        assertThat(MultipartBody.parse(quoted, bytes("--a:b\r\n\r\nX\r\n--a:b--"), 8)).hasSize(1);
    }

    @Test
    void noBoundaryParameter_is400() {
        assertMalformed(() -> MultipartBody.parse(MediaType.MULTIPART_FORM_DATA, bytes("--x\r\n\r\nX\r\n--x--"), 8))
                .hasMessageContaining("needs a boundary parameter");
    }

    @Test
    void bodyWithoutTheBoundary_is400() {
        assertMalformed(() -> MultipartBody.parse(TYPE, bytes("just some bytes"), 8))
                .hasMessage("the multipart body holds no part delimited by its boundary 'XyZ'");
    }

    @Test
    void partNeverClosed_is400() {
        assertMalformed(() -> MultipartBody.parse(TYPE, bytes("--XyZ\r\n\r\nhalf a picture"), 8))
                .hasMessage("part 1 of the multipart body is truncated: the body ends before the boundary that "
                        + "closes it");
    }

    @Test
    void headersWithoutTheirBlankLine_are400() {
        assertMalformed(() -> MultipartBody.parse(TYPE, bytes("--XyZ\r\nContent-Type: image/png\r\n--XyZ--"), 8))
                .hasMessageContaining("has no end to its headers");
    }

    @Test
    void onlyTheClosingDelimiter_is400() {
        assertMalformed(() -> MultipartBody.parse(TYPE, bytes("--XyZ--\r\n"), 8))
                .hasMessage("the multipart body holds no part");
    }

    @Test
    void morePartsThanAllowed_is413() {
        String body = "--XyZ\r\n\r\n1\r\n--XyZ\r\n\r\n2\r\n--XyZ\r\n\r\n3\r\n--XyZ--";

        assertProblem(ProblemType.PAYLOAD_TOO_LARGE, () -> MultipartBody.parse(TYPE, bytes(body), 2))
                .hasMessage("the request holds more than 2 pictures (edgeserve.image.max-images)");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

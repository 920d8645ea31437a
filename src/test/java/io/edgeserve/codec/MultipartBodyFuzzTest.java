package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Fuzzes the {@code multipart/form-data} parser that splits a body of pictures into parts: the input's first
 * line is the {@code Content-Type} header (with its boundary), the rest the body.
 * Contract: any body parses, or is refused with a 4xx {@code ProblemException} (400 malformed, 413 too many
 * parts). A header that does not parse as a media type never reaches the parser (Spring answers it first), so
 * it is skipped here.
 */
class MultipartBodyFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyBody_splitsIntoPartsOrIsRefusedWith4xx(byte[] input) throws Exception {
        int newline = indexOf(input, (byte) '\n');
        String header = new String(input, 0, newline, StandardCharsets.ISO_8859_1);
        byte[] body = Arrays.copyOfRange(input, Math.min(newline + 1, input.length), input.length);
        MediaType contentType;
        try {
            contentType = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return;
        }
        if (!MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(contentType)) {
            return; // other types never reach the multipart parser
        }
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM,
                () -> MultipartBody.parse(contentType, body, FuzzLimits.MAX_IMAGES));
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }
}

package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;

/**
 * Fuzzes PNG and JPEG decoding: the sniffing of the format, the declared size checked before decoding, the
 * JDK's decoders behind it.
 * Contract: any bytes decode to a picture within {@link FuzzLimits#MAX_PIXELS}, or are refused with a 4xx
 * {@code ProblemException} (400 malformed or too large, 415 not a PNG or JPEG).
 */
class ImageDecoderFuzzTest {

    private final ImageDecoder decoder = new ImageDecoder(FuzzLimits.MAX_PIXELS);

    @FuzzTest(maxDuration = "10m")
    void anyBytes_decodeOrAreRefusedWith4xx(byte[] picture) throws Exception {
        FuzzContract.holds(FuzzLimits.IMAGE_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM, () -> {
            var image = decoder.decode(picture, "the body");
            if ((long) image.getWidth() * image.getHeight() > FuzzLimits.MAX_PIXELS) {
                throw new AssertionError("decoded " + image.getWidth() + "x" + image.getHeight() + " past the limit");
            }
        });
    }
}

package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;

/**
 * Fuzzes the reader of pictures sent as JSON, {@code {"instances": [{"b64": "..."}]}}: the JSON and the base64.
 * Contract: {@code present} never throws; {@code read} returns the pictures' bytes or refuses with a 4xx
 * {@code ProblemException} (400 malformed, 413 too many pictures).
 */
class Base64ImagesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyJson_yieldsPicturesOrIsRefusedWith4xx(byte[] json) throws Exception {
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, e -> false, () -> Base64Images.present(json));
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM,
                () -> Base64Images.read(json, FuzzLimits.MAX_IMAGES));
    }
}

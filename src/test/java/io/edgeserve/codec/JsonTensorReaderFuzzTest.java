package io.edgeserve.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the {@code application/json} request body reader.
 * Contract: any body decodes, or is refused with a 4xx {@code ProblemException}; decoding allocates no more than
 * {@link FuzzLimits#CODEC} allow. Corpus: {@code src/test/resources/io/edgeserve/codec/JsonTensorReaderFuzzTestInputs}.
 */
class JsonTensorReaderFuzzTest {

    private final JsonTensorReader reader = new JsonTensorReader(FuzzLimits.CODEC);

    @FuzzTest(maxDuration = "10m")
    void anyBody_decodesOrIsRefusedWith4xx(byte[] body) throws Exception {
        FuzzContract.holds(FuzzLimits.CODEC_ALLOCATION_BYTES, FuzzContract.CLIENT_PROBLEM,
                () -> reader.read(new ByteArrayInputStream(body)));
    }
}

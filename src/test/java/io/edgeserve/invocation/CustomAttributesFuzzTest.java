package io.edgeserve.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the reading of {@code X-Amzn-SageMaker-Custom-Attributes} and of {@code top_k} from it or from the
 * transport (an HTTP query parameter's value). The input is text: that value (none where empty), a line break, the
 * header.
 * Contract: {@code CustomAttributes} never throws, and what {@code with} writes reads back; {@code top_k} is
 * null, a whole number of at least 1, or refused with a 400 {@code ProblemException}.
 */
class CustomAttributesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyHeader_isReadAndTopKIsANumberOrRefusedWith400(byte[] input) throws Exception {
        String[] fields = Arrays.copyOf(new String(input, StandardCharsets.UTF_8).split("\n", 2), 2);
        String fromTransport = fields[0].isEmpty() ? null : fields[0];
        String header = fields[1];
        FuzzContract.holds(8L << 20, e -> false, () -> {
            CustomAttributes.parse(header);
            String written = CustomAttributes.with(header, "edgeserve-variant", "float16");
            assertThat(CustomAttributes.parse(written)).containsEntry("edgeserve-variant", "float16");
        });
        FuzzContract.holds(8L << 20, FuzzContract.CLIENT_PROBLEM, () -> {
            Integer topK = LabelledAnswer.requestedTopK(fromTransport, header);
            assertThat(topK == null || topK >= 1).as("top_k %s", topK).isTrue();
        });
    }
}

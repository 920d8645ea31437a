package io.edgeserve.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeserve.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Fuzzes SigV4 verification of a request: the {@code Authorization} header, the request time headers, and
 * the path, query and headers that the canonical request is built from. The input is text, one field a line:
 * Authorization, X-Amz-Date, Date, path, query, Host, X-Amz-Content-Sha256, then the body.
 * Contract: the request is accepted, or refused with a {@link SignatureRejected}, which the filter answers
 * with a 400 or 403 AWS error; nothing else escapes.
 */
class SigV4VerifierFuzzTest {

    /** The date of AWS's own SigV4 test suite, which the seeds are signed for. */
    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");

    private final SigV4Verifier verifier = new SigV4Verifier(
            AccessKeys.load(null, List.of("AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")), "us-east-1",
            "service", Duration.ofMinutes(5));

    @FuzzTest(maxDuration = "10m")
    void anyRequest_isVerifiedOrRejected(byte[] input) throws Exception {
        String[] fields = Arrays.copyOf(new String(input, StandardCharsets.UTF_8).split("\n", 8), 8);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", fields[3] == null ? "/" : fields[3]);
        request.setQueryString(fields[4]);
        header(request, "Authorization", fields[0]);
        header(request, "X-Amz-Date", fields[1]);
        header(request, "Date", fields[2]);
        header(request, "Host", fields[5]);
        header(request, SigV4Verifier.CONTENT_SHA256, fields[6]);
        byte[] body = fields[7] == null ? new byte[0] : fields[7].getBytes(StandardCharsets.UTF_8);
        FuzzContract.holds(16L << 20, e -> e instanceof SignatureRejected, () -> {
            SigV4Verifier.Credential credential = verifier.authorize(request, NOW);
            verifier.verify(request, credential, body);
        });
    }

    private static void header(MockHttpServletRequest request, String name, String value) {
        if (value != null && !value.isEmpty()) {
            request.addHeader(name, value);
        }
    }
}

package io.edgeserve.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeserve.security.SignatureRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The verifier against the AWS SDK's own signer (every request it signs must verify, every change to one must
 * not) and against AWS's published Signature Version 4 test vectors, which sign without
 * {@code x-amz-content-sha256} as boto3 and curl do.
 */
class SigV4VerifierTest {

    private static final String KEY_ID = "AKIAEDGESERVETEST01";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2026-03-14T15:09:26Z");
    private static final byte[] BODY = "[[5.1, 3.5, 1.4, 0.2]]".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(AccessKeys.load(null, List.of(KEY_ID + ":" + SECRET)),
            "us-east-1", Duration.ofMinutes(5));

    /** A request signed by the SDK's signer, as the SageMaker Runtime client signs it, and received as sent. */
    private static MockHttpServletRequest signed(UnaryOperator<SdkHttpFullRequest.Builder> request, String secret,
            Instant at, String region, byte[] body) {
        return signed(request, secret, at, region, body, true);
    }

    private static MockHttpServletRequest signed(UnaryOperator<SdkHttpFullRequest.Builder> request, String secret,
            Instant at, String region, byte[] body, boolean payloadSigning) {
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).protocol("http")
                .host("localhost").port(8080).encodedPath("/endpoints/iris/invocations")
                .putHeader("Content-Type", "application/json").putHeader("Content-Length", String.valueOf(body.length));
        SdkHttpFullRequest http = request.apply(builder).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .request(http)
                .identity(AwsCredentialsIdentity.create(KEY_ID, secret))
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning));
        return received(signed.request(), body);
    }

    private static MockHttpServletRequest signed(UnaryOperator<SdkHttpFullRequest.Builder> request) {
        return signed(request, SECRET, NOW, "us-east-1", BODY);
    }

    private static MockHttpServletRequest received(SdkHttpRequest request, byte[] body) {
        MockHttpServletRequest received = new MockHttpServletRequest(request.method().name(), request.encodedPath());
        String query = request.encodedQueryParameters().orElse(null);
        received.setQueryString(query);
        request.forEachHeader((name, values) -> values.forEach(value -> received.addHeader(name, value)));
        received.setContent(body);
        return received;
    }

    private void verify(MockHttpServletRequest request, byte[] body) {
        verifier.verify(request, verifier.authorize(request, NOW), body);
    }

    private Reason rejection(MockHttpServletRequest request, byte[] body) {
        return catchThrowableOfType(SignatureRejected.class, () -> verify(request, body)).reason();
    }

    @Test
    void sdkSignedRequest_verifies() {
        assertThatCode(() -> verify(signed(r -> r), BODY)).doesNotThrowAnyException();
    }

    @Test
    void sdkSignedRequest_withQueryEncodedPathAndUntidyHeaders_verifies() {
        MockHttpServletRequest request = signed(r -> r
                .encodedPath("/endpoints/iris%20v2/invocations")
                .putRawQueryParameter("b", "2").putRawQueryParameter("a", List.of("z y", "1/2"))
                .putHeader("X-Amzn-SageMaker-Custom-Attributes", "  trace=abc    span=1  ")
                .putHeader("X-Amzn-SageMaker-Target-Model", List.of("m1", "m2")));

        assertThatCode(() -> verify(request, BODY)).doesNotThrowAnyException();
    }

    @Test
    void emptyBody_verifies() {
        assertThatCode(() -> verify(signed(r -> r, SECRET, NOW, "us-east-1", new byte[0]), new byte[0]))
                .doesNotThrowAnyException();
    }

    @Test
    void changedBody_isRefused() {
        MockHttpServletRequest request = signed(r -> r);

        assertThat(rejection(request, "[[9.9, 3.5, 1.4, 0.2]]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Reason.PAYLOAD_MISMATCH);
    }

    @Test
    void changedBodyWithoutAContentHashHeader_isABadSignature() {
        MockHttpServletRequest request = signed(r -> r);
        request.removeHeader("x-amz-content-sha256");

        assertThat(rejection(request, "[[9.9, 3.5, 1.4, 0.2]]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void changedSignedHeader_isABadSignature() {
        MockHttpServletRequest request = signed(r -> r.putHeader("X-Amzn-SageMaker-Target-Model", "iris"));
        request.removeHeader("X-Amzn-SageMaker-Target-Model");
        request.addHeader("X-Amzn-SageMaker-Target-Model", "another");

        assertThat(rejection(request, BODY)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void unsignedHeaderAddedOnTheWay_doesNotMatter() {
        MockHttpServletRequest request = signed(r -> r);
        request.addHeader("X-Forwarded-For", "10.0.0.7");

        assertThatCode(() -> verify(request, BODY)).doesNotThrowAnyException();
    }

    @Test
    void changedPath_isABadSignature() {
        MockHttpServletRequest request = signed(r -> r);
        request.setRequestURI("/endpoints/other/invocations");

        assertThat(rejection(request, BODY)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void wrongSecret_isABadSignature() {
        assertThat(rejection(signed(r -> r, "not-the-secret", NOW, "us-east-1", BODY), BODY)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void unknownKey_isUnrecognized() {
        SigV4Verifier other = new SigV4Verifier(AccessKeys.load(null, List.of("AKIAOTHERKEY0001:" + SECRET)),
                "us-east-1", Duration.ofMinutes(5));
        MockHttpServletRequest request = signed(r -> r);

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> other.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(e.reason().awsCode()).isEqualTo("UnrecognizedClientException");
        assertThat(e.reason().status()).isEqualTo(403);
    }

    @Test
    void requestSixMinutesOld_isExpiredNamingTheSkew() {
        MockHttpServletRequest request = signed(r -> r, SECRET, NOW.minus(Duration.ofMinutes(6)), "us-east-1", BODY);

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.SKEWED);
        assertThat(e.reason().awsCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.getMessage()).startsWith("Signature expired: 20260314T150326Z is now earlier than 20260314T150426Z")
                .contains("360 seconds behind the server's clock");
    }

    @Test
    void requestSixMinutesAhead_isNotYetCurrent() {
        MockHttpServletRequest request = signed(r -> r, SECRET, NOW.plus(Duration.ofMinutes(6)), "us-east-1", BODY);

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.SKEWED);
        assertThat(e.getMessage()).startsWith("Signature not yet current").contains("360 seconds ahead of");
    }

    @Test
    void requestFourMinutesOld_isAccepted() {
        MockHttpServletRequest request = signed(r -> r, SECRET, NOW.minus(Duration.ofMinutes(4)), "us-east-1", BODY);

        assertThatCode(() -> verifier.verify(request, verifier.authorize(request, NOW), BODY)).doesNotThrowAnyException();
    }

    @Test
    void otherRegion_isWrongScope() {
        MockHttpServletRequest request = signed(r -> r, SECRET, NOW, "eu-west-1", BODY);

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.WRONG_SCOPE);
        assertThat(e.getMessage()).contains("'eu-west-1'").contains("'us-east-1'");
    }

    @Test
    void credentialWithEmptyScopeParts_isWrongScope() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/endpoints/iris/invocations");
        request.addHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20260314///, SignedHeaders=host,"
                + " Signature=" + "0".repeat(64));
        request.addHeader("X-Amz-Date", "20260314T150926Z");

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.WRONG_SCOPE);
    }

    @Test
    void unsignedPayload_isRefused() {
        MockHttpServletRequest request = signed(r -> r.protocol("https").port(443), SECRET, NOW, "us-east-1", BODY, false);
        assertThat(request.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");

        assertThat(rejection(request, BODY)).isEqualTo(Reason.UNSIGNED_PAYLOAD);
    }

    @Test
    void noAuthorization_isMissing() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/endpoints/iris/invocations");

        SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

        assertThat(e.reason()).isEqualTo(Reason.MISSING);
        assertThat(e.reason().awsCode()).isEqualTo("MissingAuthenticationTokenException");
    }

    @Test
    void malformedAuthorization_isIncomplete() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "AWS4-HMAC-SHA256 Credential=AKIA/20260314/us-east-1/sagemaker",
                "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20260314/us-east-1/sagemaker/aws4_request, SignedHeaders=x-amz-date,"
                        + " Signature=" + "0".repeat(64))) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/endpoints/iris/invocations");
            request.addHeader("Authorization", header);
            request.addHeader("X-Amz-Date", "20260314T150926Z");

            SignatureRejected e = catchThrowableOfType(SignatureRejected.class, () -> verifier.authorize(request, NOW));

            assertThat(e.reason()).as(header).isEqualTo(Reason.MALFORMED);
            assertThat(e.reason().status()).isEqualTo(400);
        }
    }

    /** AWS's suite signs for service {@code service} with this key on 2015-08-30, without a payload hash header. */
    private static final Map<String, String> SUITE_KEYS = Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static void verifySuiteVector(String query, String signature) {
        SigV4Verifier suite = new SigV4Verifier(AccessKeys.load(null, List.of("AKIDEXAMPLE:" + SUITE_KEYS.get("AKIDEXAMPLE"))),
                "us-east-1", "service", Duration.ofMinutes(5));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setQueryString(query);
        request.addHeader("Host", "example.amazonaws.com");
        request.addHeader("X-Amz-Date", "20150830T123600Z");
        request.addHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=" + signature);
        Instant then = Instant.parse("2015-08-30T12:36:00Z");

        assertThatCode(() -> suite.verify(request, suite.authorize(request, then), new byte[0])).doesNotThrowAnyException();
    }

    @Test
    void awsTestSuite_getVanilla() {
        verifySuiteVector(null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void awsTestSuite_getVanillaQueryOrderKeyCase() {
        verifySuiteVector("Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }
}

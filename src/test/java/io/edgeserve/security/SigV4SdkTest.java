package io.edgeserve.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.equalTo;

import io.edgeserve.sagemaker.runtime.RuntimeApiTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;

/**
 * SigV4 on the runtime API as real clients meet it: the AWS SDK with a wrong secret, an unknown key or a skewed
 * clock, curl's {@code --aws-sigv4}, and requests with no signature at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigV4SdkTest extends RuntimeApiTestContext {

    private static final int FIFTEEN_MINUTES = 15 * 60;

    @Autowired
    SecurityMetrics metrics;

    @AfterEach
    void resetSdkClock() {
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private static InvokeEndpointRequest linreg() {
        return InvokeEndpointRequest.builder().endpointName("sagemaker-linreg").contentType("application/json")
                .body(SdkBytes.fromUtf8String("[[1, 2]]")).build();
    }

    private static AwsServiceException refusal(SageMakerRuntimeClient client) {
        try (client) {
            return catchThrowableOfType(AwsServiceException.class, () -> client.invokeEndpoint(linreg()));
        }
    }

    @Test
    void wrongSecret_isInvalidSignature() {
        double before = metrics.count("sigv4", "bad_signature");

        AwsServiceException e = refusal(client(KEY_ID, "not-the-secret"));

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("The request signature we calculated does not match");
        assertThat(metrics.count("sigv4", "bad_signature")).isEqualTo(before + 1);
    }

    @Test
    void unknownKey_isUnrecognizedClient() {
        AwsServiceException e = refusal(client("AKIANOSUCHKEY00001", SECRET));

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void skewedClock_isRefusedNamingTheSkew() {
        SdkGlobalTime.setGlobalTimeOffset(FIFTEEN_MINUTES);
        SageMakerRuntimeClient slow = client();
        SdkGlobalTime.setGlobalTimeOffset(0);

        AwsServiceException e = refusal(slow);

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired").contains("seconds behind the server's clock");
        // The SDKs set their clock by this header; a minute's slack covers a slow test machine, not a skewed clock.
        String date = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Date").orElseThrow();
        Instant serverTime = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(serverTime).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void skewedClock_isCorrectedByTheSdkFromTheDateHeader() {
        SdkGlobalTime.setGlobalTimeOffset(FIFTEEN_MINUTES);
        // The SDK's default retries: on a clock-skew error it sets its clock by the response's Date header and retries.
        SageMakerRuntimeClient slow = SageMakerRuntimeClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET))).build();
        SdkGlobalTime.setGlobalTimeOffset(0);

        try (slow) {
            assertThat(slow.invokeEndpoint(linreg()).body().asUtf8String()).isEqualTo("[[4.9999918937683105]]");
        }
    }

    @Test
    void unsignedRequest_isMissingAuthenticationTokenInAwsShape() {
        given().port(port).contentType("application/json").body("[[1, 2]]")
                .post("/endpoints/sagemaker-linreg/invocations")
                .then().statusCode(403).contentType("application/json")
                .header("x-amzn-ErrorType", "MissingAuthenticationTokenException")
                .header("Date", org.hamcrest.Matchers.notNullValue())
                .body("Message", org.hamcrest.Matchers.startsWith("Missing Authentication Token"));
    }

    @Test
    void pathParameterOrDoubleSlash_doesNotSkipTheSignature() {
        for (String path : List.of("/endpoints/sagemaker-linreg;a=b/invocations", "//endpoints/sagemaker-linreg/invocations",
                "/endpoints/./sagemaker-linreg/invocations")) {
            int status = given().port(port).urlEncodingEnabled(false).contentType("application/json").body("[[1, 2]]")
                    .post(path).statusCode();
            assertThat(status).as(path).isEqualTo(403);
        }
    }

    @Test
    void declaredBodyOverTheLimit_isRefusedBeforeItIsRead() throws IOException {
        String now = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        String authorization = "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + now.substring(0, 8)
                + "/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /endpoints/sagemaker-linreg/invocations HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + authorization + "\r\nX-Amz-Date: " + now + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 7000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // The server answers at once and then waits for the body it will not read: read the answer only.
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int read; !response.toString().contains("bytes") && (read = socket.getInputStream().read(buffer)) > 0; ) {
                response.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }

            assertThat(response).startsWith("HTTP/1.1 400").contains("x-amzn-ErrorType: ValidationError")
                    .contains("exceeds the limit of 6291456 bytes");
        }
    }

    @Test
    void containerContract_needsNoSignature() {
        given().port(port).contentType("application/json").header("X-Amzn-SageMaker-Target-Model", "sagemaker-linreg")
                .body("[[1, 2]]").post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void curlSignedRequest_isAccepted() throws Exception {
        assertThat(curl(SECRET)).isEqualTo("200 [[4.9999918937683105]]");
    }

    @Test
    void curlWithTheWrongSecret_isRefused() throws Exception {
        assertThat(curl("not-the-secret")).startsWith("403 {\"Message\":\"The request signature we calculated");
    }

    @Test
    void secrets_areNeverLogged(CapturedOutput output) {
        refusal(client(KEY_ID, "not-the-secret"));
        refusal(client("AKIANOSUCHKEY00001", SECRET));

        assertThat(output.getAll()).contains("InvalidSignatureException").doesNotContain(SECRET);
    }

    /** curl 7.75+ signs with {@code --aws-sigv4}, without {@code x-amz-content-sha256}: boto3 signs the same way. */
    private String curl(String secret) throws IOException, InterruptedException {
        Path out = Files.createTempFile("curl-", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", out.toString(), "-w", "%{http_code}",
                "--aws-sigv4", "aws:amz:us-east-1:sagemaker", "--user", KEY_ID + ":" + secret,
                "-H", "Content-Type: application/json", "--data-binary", "[[1, 2]]",
                "http://127.0.0.1:" + port + "/endpoints/sagemaker-linreg/invocations"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeThat(false).as("curl is not installed").isTrue();
            throw e;
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeThat(status).as("this curl has no --aws-sigv4").doesNotContain("option");
        return status + " " + Files.readString(out);
    }
}

package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Every refusal of {@code /invocations} is a problem+json body with its status, and none of them harms the service. */
@TestPropertySource(properties = "edgeserve.max-request-size=64KB")
class InvocationErrorsTest extends LiveService {

    private static final String PROBLEM = "application/problem+json";

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-errors-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg", "sagemaker-mnist-mlp");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @AfterEach
    void serviceStillServes() {
        given(api).get("/ping").then().statusCode(200);
        linreg().contentType("application/json").body("[[1, 2]]").post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    private RequestSpecification linreg() {
        return given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg");
    }

    @Test
    void wrongShape_is400NamingExpectedAndReceived() {
        linreg().contentType("application/json").body("[[1, 2, 3]]")
                .post("/invocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/shape-mismatch"))
                .body("status", equalTo(400))
                .body("expectedShape", equalTo("(N, 2)"))
                .body("receivedShape", equalTo("(1, 3)"))
                .body("detail", containsString("input 'data' expects shape (N, 2), received (1, 3)"));
    }

    @Test
    void raggedJson_is400Malformed() {
        linreg().contentType("application/json").body("[[1, 2], [3]]")
                .post("/invocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/malformed-body"));
    }

    @Test
    void textInCsv_is400Malformed() {
        linreg().contentType("text/csv").body("1,abc\n")
                .post("/invocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/malformed-body"))
                .body("detail", containsString("abc"));
    }

    @Test
    void truncatedNpy_is400Malformed() {
        byte[] npy = SharedModels.npy(new long[] {1, 2}, new float[] {1, 2});
        linreg().contentType("application/x-npy").body(java.util.Arrays.copyOf(npy, 20))
                .post("/invocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/malformed-body"));
    }

    @Test
    void unsupportedContentType_is415() {
        linreg().contentType("text/plain").body("1 2")
                .post("/invocations")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/unsupported-media-type"))
                .body("detail", containsString("text/plain"));
    }

    @Test
    void unacceptableAccept_is406() {
        linreg().contentType("application/json").accept("image/png").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(406).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/not-acceptable"));
    }

    @Test
    void acceptWithQualities_picksTheBestSupported() {
        linreg().contentType("application/json").accept("image/png, text/csv;q=0.9, application/json;q=0.5").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200).contentType(containsString("text/csv"));
    }

    @Test
    void unknownModel_is404() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "nope").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/model-not-found"))
                .body("detail", containsString("'nope'"));
    }

    @Test
    void noTargetWithSeveralModels_is400() {
        given(api).contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/model-not-specified"))
                .body("detail", containsString("sagemaker-linreg"));
    }

    @Test
    void bodyOverTheLimit_is413WithoutReadingIt() {
        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) '1');
        linreg().contentType("text/csv").body(big)
                .post("/invocations")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/payload-too-large"))
                .body("maxBytes", equalTo(65536));
    }

    @Test
    void unknownPath_is404Problem() {
        given(api).get("/nothing-here")
                .then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://edgeserve.io/problems/not-found"));
    }

    @Test
    void wrongMethod_is405Problem() {
        given(api).get("/invocations")
                .then().statusCode(405).contentType(PROBLEM)
                .header("Allow", containsString("POST"))
                .body("detail", not(containsString("Exception")));
    }
}

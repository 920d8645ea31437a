package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A model that cannot load is reported by name and reason, and the others serve. */
class BrokenModelTest extends LiveService {

    private static Path uploads;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-broken-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg");
        Path linreg = SharedModels.model("sagemaker-linreg");

        Path truncated = Files.createDirectories(models.resolve("truncated-params"));
        Files.copy(linreg.resolve("model-symbol.json"), truncated.resolve("model-symbol.json"));
        byte[] params = Files.readAllBytes(linreg.resolve("model-0000.params"));
        Files.write(truncated.resolve("model-0000.params"), Arrays.copyOf(params, params.length / 2));

        // The params file's list header not MXNet's magic number: MXNet's own reader refuses it with a check
        // failure, whose message carries the native stack trace.
        Path corrupt = Files.createDirectories(models.resolve("corrupt-params"));
        Files.copy(linreg.resolve("model-symbol.json"), corrupt.resolve("model-symbol.json"));
        byte[] scrambled = params.clone();
        scrambled[0] = 0x13;
        Files.write(corrupt.resolve("model-0000.params"), scrambled);

        // The corruption that got the JVM killed before params were checked: MXNet took bytes 24-63 of 0x7f for
        // an array of absurd size and allocated it. Kept outside the model folder, for POST /models to load.
        Path killer = Files.createDirectories(root.resolve("uploads").resolve("killer-params"));
        Files.copy(linreg.resolve("model-symbol.json"), killer.resolve("model-symbol.json"));
        byte[] overwritten = params.clone();
        Arrays.fill(overwritten, 24, 64, (byte) 0x7f);
        Files.write(killer.resolve("model-0000.params"), overwritten);
        uploads = root.resolve("uploads");
        registry.add("edgeserve.models.allowed-roots", uploads::toString);

        Path noSymbol = Files.createDirectories(models.resolve("missing-symbol"));
        Files.copy(linreg.resolve("model-0000.params"), noSymbol.resolve("model-0000.params"));
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void ping_is503NamingEachBrokenModelAndWhy() {
        given(api).get("/ping")
                .then().statusCode(503)
                .body("status", equalTo("unhealthy"))
                .body("notReady", hasSize(3))
                .body("notReady.find { it.model == 'missing-symbol' }.reason", equalTo("no *-symbol.json file in the model folder"))
                .body("notReady.find { it.model == 'truncated-params' }.state", equalTo("failed"))
                .body("notReady.find { it.model == 'truncated-params' }.reason", containsString("cannot load model epoch 0"))
                .body("models.sagemaker-linreg", equalTo("ready"));
    }

    @Test
    void corruptParams_areReportedInWordsWithoutTheEnginesStackTrace() {
        String reason = given(api).get("/ping").then().statusCode(503)
                .extract().path("notReady.find { it.model == 'corrupt-params' }.reason");

        assertThat(reason).contains("model-0000.params").doesNotContain("Stack trace").doesNotContain(".cc")
                .doesNotContain("\n").doesNotContain("File \"");
        given(api).get("/models/corrupt-params").then().statusCode(200)
                .body("reason", equalTo(reason));
    }

    @Test
    void paramsDeclaringAbsurdSizes_areRefusedByPostModels_andTheServiceServesOn() {
        given(api).contentType("application/json")
                .body("{\"model_name\": \"killer\", \"url\": \"" + uploads.resolve("killer-params") + "\"}")
                .post("/models")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/invalid-model"))
                .body("detail", containsString("model-0000.params is not a well-formed params file"))
                .body("detail", containsString("unknown array magic 0x7f7f7f7f"));

        healthyModel_stillServes();
    }

    @Test
    void healthyModel_stillServes() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void brokenModel_is503ProblemNamingTheReason() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "missing-symbol").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/model-not-ready"))
                .body("detail", containsString("no *-symbol.json"));
    }
}

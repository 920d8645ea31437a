package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request log switched on, with Spring Boot's structured (ECS JSON) console logs as docs/observability.md
 * describes: one JSON line per request, carrying the request id and every field as its own JSON member. Its own
 * {@code @SpringBootTest} gives it a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"edgeserve.request-log.enabled=true", "logging.structured.format.console=ecs"})
@ExtendWith(OutputCaptureExtension.class)
class RequestLogJsonTest extends LiveService {

    private static final String IRIS_ROW = "[[5.1, 3.5, 1.4, 0.2]]";

    @DynamicPropertySource
    static void bundledIris(DynamicPropertyRegistry registry) {
        registry.add("edgeserve.model-dir", () -> Path.of("models").toAbsolutePath().toString());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Spring Boot sets logging up once per JVM and leaves it as the first application context made it, while test
     * contexts are cached and stay open. This class needs its own context's JSON format, so logging is released
     * before that context starts, and plain text put back for the tests that come after.
     */
    @BeforeAll
    static void letThisContextSetUpLogging() {
        LoggingSystem.get(RequestLogJsonTest.class.getClassLoader()).cleanUp();
    }

    @AfterAll
    static void plainLogsForTheTestsAfter() {
        // Spring Boot hands the format to Logback as a system property, which outlives the context.
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        LoggingSystem logging = LoggingSystem.get(RequestLogJsonTest.class.getClassLoader());
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }

    /**
     * The request-log lines of the captured output that carry this request id, once there is one: a request is
     * logged as its last byte leaves, so its client may be a moment ahead of the log.
     */
    private static List<JsonNode> requestLines(CapturedOutput output, String requestId) throws InterruptedException {
        List<JsonNode> lines = List.of();
        for (int i = 0; i < 100 && lines.isEmpty(); i++) {
            if (i > 0) {
                Thread.sleep(50);
            }
            lines = output.getOut().lines()
                    .filter(line -> line.startsWith("{") && line.contains(requestId))
                    .map(JSON::readTree)
                    .filter(line -> line.path("log").path("logger").asString().equals("edgeserve.requests"))
                    .toList();
        }
        return lines;
    }

    @Test
    void inference_isOneJsonLineWithEveryField(CapturedOutput output) throws InterruptedException {
        String requestId = "log-test-" + UUID.randomUUID();

        byte[] answer = given(api).header(SageMakerHeaders.INFERENCE_ID, requestId).contentType("application/json")
                .body(IRIS_ROW).post("/models/iris/invoke").then().statusCode(200).extract().asByteArray();

        List<JsonNode> lines = requestLines(output, requestId);
        assertThat(lines).hasSize(1);
        JsonNode line = lines.getFirst();
        assertThat(line.path("requestId").asString()).isEqualTo(requestId);
        assertThat(line.path("method").asString()).isEqualTo("POST");
        assertThat(line.path("route").asString()).isEqualTo("/models/{name}/invoke");
        assertThat(line.path("model").asString()).isEqualTo("iris");
        assertThat(line.path("variant").asString()).isEqualTo("float32");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("durationMs").isNumber()).isTrue();
        assertThat(line.path("inferenceMs").isNumber()).isTrue();
        assertThat(line.path("requestBytes").asLong()).isEqualTo(IRIS_ROW.length());
        assertThat(line.path("responseBytes").asLong()).isEqualTo(answer.length);
    }

    @Test
    void requestWithoutAnId_isLoggedUnderTheIdItWasGiven(CapturedOutput output) throws InterruptedException {
        String requestId =
                given(api).get("/ping").then().statusCode(200).extract().header(SageMakerHeaders.INFERENCE_ID);

        List<JsonNode> lines = requestLines(output, requestId);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().path("route").asString()).isEqualTo("/ping");
        assertThat(lines.getFirst().has("model")).isFalse();
    }

    @Test
    void refusedRequest_isLoggedWithItsStatusAndTheModelItNamed(CapturedOutput output) throws InterruptedException {
        String requestId = "log-test-" + UUID.randomUUID();

        given(api).header(SageMakerHeaders.INFERENCE_ID, requestId).contentType("application/json").body("[[1]]")
                .post("/models/iris/invoke").then().statusCode(400);

        JsonNode line = requestLines(output, requestId).getFirst();
        assertThat(line.path("status").asInt()).isEqualTo(400);
        assertThat(line.path("model").asString()).isEqualTo("iris");
        assertThat(line.has("inferenceMs")).isFalse();
    }
}

package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description at {@code /v3/api-docs} and Swagger UI, on the service serving the bundled models:
 * the description covers every endpoint, and its examples are what the service really takes and answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "edgeserve.model-dir=models")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> TENSOR_TYPES = List.of("application/json", "text/csv", "application/x-npy", "application/x-npz");
    private static final List<String> PICTURE_TYPES = List.of("image/jpeg", "image/png", "application/x-image",
            "multipart/form-data");
    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    RequestSpecification api;
    JsonNode docs;

    /** One fetch for the class: every test reads the same description, and none changes it. */
    @BeforeAll
    void fetchDescription() {
        // Bodies go with the Content-Type as written: REST Assured would otherwise add a charset to it.
        api = new RequestSpecBuilder().setPort(port).setConfig(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))).build();
        docs = JSON.readTree(given(api).get("/v3/api-docs").then().statusCode(200).extract().asByteArray());
    }

    @AfterEach
    void unloadTheCopy() {
        given(api).delete("/models/iris-copy");
    }

    @Test
    void apiDocs_reportOpenApi31() {
        assertThat(docs.path("openapi").asString()).startsWith("3.1.");
    }

    @Test
    void apiDocs_isTheSameOnEveryFetch() {
        JsonNode again = JSON.readTree(given(api).get("/v3/api-docs").then().statusCode(200).extract().asByteArray());

        assertThat(again).as("customizers run on every fetch and must not add twice").isEqualTo(docs);
    }

    @Test
    void everyEndpointOfTheService_isDescribed_andNothingElse() {
        Set<String> served = new TreeSet<>();
        handlerMapping.getHandlerMethods().forEach((mapping, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("io.edgeserve")) {
                mapping.getPathPatternsCondition().getPatternValues().forEach(path ->
                        mapping.getMethodsCondition().getMethods().forEach(method -> served.add(method.name() + " " + path)));
            }
        });
        Set<String> described = new TreeSet<>();
        docs.path("paths").properties().forEach(path ->
                path.getValue().propertyNames().forEach(method -> described.add(method.toUpperCase() + " " + path.getKey())));

        assertThat(described).isEqualTo(served).contains("GET /ping", "POST /invocations", "POST /models/{name}/invoke",
                "POST /models", "GET /models", "GET /models/{name}", "DELETE /models/{name}");
    }

    @Test
    void bothInferenceEndpoints_readFourMediaTypes_andAnswerInFourByAccept() {
        for (String path : List.of("/invocations", "/models/{name}/invoke")) {
            JsonNode operation = docs.path("paths").path(path).path("post");
            assertThat(operation.path("requestBody").path("$ref").asString()).isEqualTo("#/components/requestBodies/Tensors");
            assertThat(operation.path("responses").path("200").path("$ref").asString()).isEqualTo("#/components/responses/Prediction");
        }
        assertThat(docs.path("components").path("requestBodies").path("Tensors").path("content").propertyNames())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(TENSOR_TYPES.stream(), PICTURE_TYPES.stream()).toList());
        assertThat(docs.path("components").path("responses").path("Prediction").path("content").propertyNames())
                .containsExactlyElementsOf(TENSOR_TYPES);
    }

    @Test
    void invocations_describeEveryProblemStatusItCanAnswer() {
        assertThat(docs.path("paths").path("/invocations").path("post").path("responses").propertyNames())
                .contains("400", "404", "406", "413", "415", "500", "503", "504");
    }

    @Test
    void everyErrorResponse_isAProblem_withExamplesOfItsOwnStatus() {
        List<String> checked = new ArrayList<>();
        operations().forEach(operation -> operation.node().path("responses").properties().forEach(response -> {
            int status = Integer.parseInt(response.getKey());
            if (status < 400 || (operation.name().equals("GET /ping") && status == 503) || operation.name().contains("/endpoints/")) {
                return;
            }
            String where = operation.name() + " " + status;
            JsonNode content = response.getValue().path("content");
            assertThat(content.propertyNames()).as(where).containsExactly(PROBLEM_JSON);
            assertThat(content.path(PROBLEM_JSON).path("schema").path("$ref").asString()).as(where).isEqualTo("#/components/schemas/Problem");
            assertThat(content.path(PROBLEM_JSON).path("examples").size()).as(where).isPositive();
            content.path(PROBLEM_JSON).path("examples").forEach(example -> {
                assertThat(example.path("value").path("status").asInt()).as(where).isEqualTo(status);
                assertThat(example.path("value").path("type").asString()).as(where).startsWith("https://edgeserve.io/problems/");
            });
            checked.add(where);
        }));
        assertThat(checked).contains("GET /ping 500", "DELETE /models/{name} 404", "POST /models 409", "POST /models 507");
        assertThat(docs.path("components").path("schemas").path("Problem").path("required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("type", "title", "status", "detail");
    }

    @Test
    void pictures_areDescribedAsFilesAndAsBase64Json() {
        JsonNode content = docs.path("components").path("requestBodies").path("Tensors").path("content");
        for (String type : List.of("image/jpeg", "image/png", "application/x-image")) {
            assertThat(content.path(type).path("schema").path("format").asString()).as(type).isEqualTo("binary");
        }
        assertThat(content.path("multipart/form-data").path("schema").path("properties").path("file").path("format").asString())
                .isEqualTo("binary");
        assertThat(content.path("application/json").path("examples").path("base64Pictures").path("value").path("instances")
                .path(0).path("b64").asString()).isNotBlank();
        assertThat(content.path("application/json").path("schema").path("anyOf").valueStream()
                .map(schema -> schema.path("title").asString())).contains("pictures as base64");
    }

    @Test
    void runtimeApi_takesTheBodiesAndHeaders_andDescribesAwsErrorsNotProblems() {
        for (String path : List.of("/endpoints/{endpointName}/invocations", "/endpoints/{endpointName}/invocations-response-stream")) {
            JsonNode operation = docs.path("paths").path(path).path("post");
            assertThat(operation.path("requestBody").path("$ref").asString()).as(path).isEqualTo("#/components/requestBodies/Tensors");
            assertThat(operation.path("parameters").valueStream().map(parameter -> parameter.path("name").asString()))
                    .as(path).contains("X-Amzn-SageMaker-Target-Model", "X-Amzn-SageMaker-Target-Variant");
            for (String status : List.of("400", "403", "424", "429", "500", "503")) {
                JsonNode error = operation.path("responses").path(status);
                assertThat(error.path("content").propertyNames()).as(path + " " + status).containsExactly("application/json");
                assertThat(error.path("content").path("application/json").path("schema").path("$ref").asString())
                        .isEqualTo("#/components/schemas/AwsError");
                assertThat(error.path("headers").has("x-amzn-ErrorType")).as(path + " " + status).isTrue();
            }
            assertThat(operation.path("responses").path("424").path("content").path("application/json").path("examples")
                    .path("ModelError").path("value").has("OriginalStatusCode")).isTrue();
        }
        assertThat(docs.path("paths").path("/endpoints/{endpointName}/invocations").path("post").path("responses").path("200")
                .path("$ref").asString()).isEqualTo("#/components/responses/Prediction");
    }

    @Test
    void inferenceId_hasNoExample_soThatSwaggerUiDoesNotPreFillOneIdForEveryTry() {
        JsonNode inferenceId = docs.path("components").path("parameters").path(SageMakerHeaders.INFERENCE_ID);
        assertThat(inferenceId.path("in").asString()).isEqualTo("header");
        assertThat(inferenceId.has("example")).isFalse();
        assertThat(inferenceId.has("examples")).isFalse();
    }

    @Test
    void queueFull_isDescribedWithRetryAfter() {
        JsonNode unavailable = docs.path("paths").path("/invocations").path("post").path("responses").path("503");
        assertThat(unavailable.path("content").path(PROBLEM_JSON).path("examples").propertyNames()).contains("queue-full");
        assertThat(unavailable.path("headers").has("Retry-After")).isTrue();
    }

    @Test
    void sageMakerHeaders_areDescribedOnTheWayInAndOut() {
        JsonNode invoke = docs.path("paths").path("/invocations").path("post");
        assertThat(invoke.path("parameters").valueStream().map(parameter -> parameter.has("$ref")
                ? parameter.path("$ref").asString() : parameter.path("name").asString()))
                .contains(SageMakerHeaders.TARGET_MODEL, "#/components/parameters/" + SageMakerHeaders.INFERENCE_ID,
                        "#/components/parameters/" + SageMakerHeaders.CUSTOM_ATTRIBUTES);
        assertThat(docs.path("components").path("responses").path("Prediction").path("headers").propertyNames())
                .contains(SageMakerHeaders.SERVED_MODEL, SageMakerHeaders.INFERENCE_ID, SageMakerHeaders.CUSTOM_ATTRIBUTES);
        operations().forEach(operation -> operation.node().path("responses").properties().forEach(response -> {
            if (!response.getValue().has("$ref")) {
                assertThat(response.getValue().path("headers").propertyNames()).as(operation.name() + " " + response.getKey())
                        .contains(SageMakerHeaders.INFERENCE_ID, SageMakerHeaders.CUSTOM_ATTRIBUTES);
            }
        }));
    }

    @Test
    void jsonAndCsvRequestExamples_getTheDocumentedAnswers_onBothEndpoints() {
        JsonNode requests = docs.path("components").path("requestBodies").path("Tensors").path("content");
        JsonNode answers = docs.path("components").path("responses").path("Prediction").path("content");
        int tried = 0;
        for (String path : List.of("/invocations", "/models/iris/invoke")) {
            for (String type : List.of("application/json", "text/csv")) {
                for (var example : requests.path(type).path("examples").properties()) {
                    if (example.getKey().equals("base64Pictures")) {
                        continue; // for a model that takes pictures, which iris is not; ApiToolsTest sends pictures
                    }
                    String body = type.equals("text/csv") ? example.getValue().path("value").asString()
                            : JSON.writeValueAsString(example.getValue().path("value"));
                    Response answer = given(api).contentType(type).accept(type).body(body).post(path);

                    String where = path + " " + type + " example " + example.getKey();
                    assertThat(answer.statusCode()).as(where + ": " + answer.asString()).isEqualTo(200);
                    double[][] rows = rows(type, answer.asString());
                    double[][] documented = documentedAnswer(answers.path(type).path("examples"), type, rows.length);
                    assertThat(rows.length).as(where).isEqualTo(documented.length);
                    for (int i = 0; i < rows.length; i++) {
                        assertThat(rows[i]).as(where).containsExactly(documented[i], within(1e-6));
                    }
                    tried++;
                }
            }
        }
        assertThat(tried).isEqualTo(2 * 7);
    }

    @Test
    void loadModelExample_loadsTheBundledIrisAgain() {
        JsonNode example = docs.path("components").path("requestBodies").path("LoadModel").path("content")
                .path("application/json").path("examples").path("bundledIris").path("value");

        given(api).contentType("application/json").body(JSON.writeValueAsString(example)).post("/models")
                .then().statusCode(200).body("modelName", equalTo("iris-copy")).body("state", equalTo("ready"));
        given(api).contentType("application/json").header(SageMakerHeaders.TARGET_MODEL, "iris-copy")
                .body("[[5.1, 3.5, 1.4, 0.2]]").post("/invocations").then().statusCode(200);
        given(api).delete("/models/iris-copy").then().statusCode(200);
    }

    @Test
    void problemExamples_areWhatTheServiceAnswers() {
        String row = "[[5.1, 3.5, 1.4, 0.2]]";
        assertDocumented("POST /invocations", "shape-mismatch",
                given(api).contentType("application/json").body("[[5.1, 3.5, 1.4]]").post("/invocations"));
        assertDocumented("POST /invocations", "malformed-body",
                given(api).contentType("application/json").body("[[5.1,").post("/invocations"));
        assertDocumented("POST /invocations", "not-acceptable",
                given(api).contentType("application/json").accept("text/html").body(row).post("/invocations"));
        assertDocumented("POST /invocations", "unsupported-media-type",
                given(api).contentType("application/xml").body("<flower/>").post("/invocations"));
        assertDocumented("POST /models/{name}/invoke", "model-not-found",
                given(api).contentType("application/json").body(row).post("/models/nope/invoke"));
        assertDocumented("POST /models", "model-url-refused",
                given(api).contentType("application/json").body("{\"model_name\": \"etc\", \"url\": \"/etc\"}").post("/models"));
        assertDocumented("POST /models", "invalid-request",
                given(api).contentType("application/json").body("{\"url\": \"/etc\"}").post("/models"));
    }

    @Test
    void swaggerUi_isServedFromTheJar_withNoOtherHost() {
        String page = given(api).get("/swagger-ui/index.html").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        List<String> urls = new ArrayList<>();
        while (assets.find()) {
            urls.add(assets.group(1));
        }
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).doesNotContain("//"));
        given(api).get("/swagger-ui/swagger-ui-bundle.js").then().statusCode(200);
        given(api).get("/v3/api-docs/swagger-config").then().statusCode(200).body("url", equalTo("/v3/api-docs"))
                .body("validatorUrl", equalTo(""));
    }

    @Test
    void withSwaggerUi_pingAndUnknownPathsAnswerAsBefore() {
        given(api).get("/ping").then().statusCode(200).contentType("application/json").body("status", equalTo("healthy"));
        given(api).get("/no-such-page").then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://edgeserve.io/problems/not-found"));
        given(api).get("/swagger-ui/no-such-file.js").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    private void assertDocumented(String operation, String slug, Response actual) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode body = JSON.readTree(actual.asByteArray());
        JsonNode documented = docs.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase())
                .path("responses").path(String.valueOf(actual.statusCode())).path("content").path(PROBLEM_JSON)
                .path("examples").path(slug).path("value");
        assertThat(actual.contentType()).as(slug).startsWith(PROBLEM_JSON);
        assertThat(body).as(operation + " " + slug + " example").isEqualTo(documented);
    }

    private record NamedOperation(String name, JsonNode node) {}

    private List<NamedOperation> operations() {
        List<NamedOperation> operations = new ArrayList<>();
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                operations.add(new NamedOperation(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue()))));
        return operations;
    }

    private static double[][] documentedAnswer(JsonNode examples, String type, int rowCount) {
        return examples.valueStream()
                .map(example -> rows(type, type.equals("text/csv") ? example.path("value").asString()
                        : JSON.writeValueAsString(example.path("value"))))
                .filter(rows -> rows.length == rowCount)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no documented " + type + " answer with " + rowCount + " rows"));
    }

    private static double[][] rows(String type, String body) {
        if (type.equals("text/csv")) {
            return body.lines().map(line -> Pattern.compile(",").splitAsStream(line).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        }
        return JSON.readTree(body).valueStream()
                .map(row -> row.valueStream().mapToDouble(JsonNode::asDouble).toArray())
                .toArray(double[][]::new);
    }
}

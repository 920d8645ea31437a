package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Postman collection in docs/postman, read as a file: what it must hold whether or not newman is installed
 * to run it (ApiToolsTest runs it).
 */
class PostmanCollectionTest {

    private static final Path FOLDER = Path.of("docs", "postman");
    private static final JsonNode COLLECTION = JsonMapper.builder().build()
            .readTree(FOLDER.resolve("edgeserve.postman_collection.json").toFile());

    @Test
    void collection_isPostmanV21_withABaseUrlVariable() {
        assertThat(COLLECTION.path("info").path("schema").asString())
                .isEqualTo("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
        assertThat(COLLECTION.path("variable").valueStream()
                .filter(variable -> variable.path("key").asString().equals("baseUrl"))
                .map(variable -> variable.path("value").asString()))
                .containsExactly("http://localhost:8080");
        assertThat(requests()).allSatisfy(request ->
                assertThat(request.path("request").path("url").path("raw").asString()).startsWith("{{baseUrl}}/"));
    }

    @Test
    void everyRequest_testsItsStatus() {
        assertThat(requests()).hasSizeGreaterThanOrEqualTo(20).allSatisfy(request -> {
            String script = request.path("event").valueStream()
                    .filter(event -> event.path("listen").asString().equals("test"))
                    .flatMap(event -> event.path("script").path("exec").valueStream())
                    .map(JsonNode::asString)
                    .reduce("", (all, line) -> all + line + "\n");
            assertThat(script).as(request.path("name").asString()).contains("pm.test(").contains("pm.response.to.have.status(");
        });
    }

    @Test
    void collection_callsEveryOperation_andTheErrorsTheIssueNames() {
        List<String> calls = requests().stream().map(request -> request.path("request").path("method").asString() + " "
                + request.path("request").path("url").path("raw").asString().replace("{{baseUrl}}", "")
                        .replace("{{copyName}}", "{name}").replaceAll("\\?.*", "")).toList();
        assertThat(calls).contains("GET /ping", "POST /invocations", "POST /models", "GET /models", "GET /models/{name}",
                "POST /models/{name}/invoke", "DELETE /models/{name}");
        String scripts = COLLECTION.toString();
        for (String expected : List.of("status(400)", "status(404)", "status(406)", "status(409)", "status(415)",
                "problems/shape-mismatch", "problems/malformed-body")) {
            assertThat(scripts).contains(expected);
        }
    }

    /** iris.npy is two Iris rows as NumPy's np.save writes float32; regenerate it from this if the rows change. */
    @Test
    void irisNpy_holdsTheTwoDocumentedRows() throws IOException {
        byte[] expected = SharedModels.npy(new long[] {2, 4}, new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.3f, 3.3f, 6.0f, 2.5f});

        assertThat(Files.readAllBytes(FOLDER.resolve("iris.npy"))).isEqualTo(expected);
    }

    private static List<JsonNode> requests() {
        List<JsonNode> requests = new ArrayList<>();
        collect(COLLECTION.path("item"), requests);
        return requests;
    }

    private static void collect(JsonNode items, List<JsonNode> into) {
        for (JsonNode item : items) {
            if (item.has("request")) {
                into.add(item);
            } else {
                collect(item.path("item"), into);
            }
        }
    }
}

package io.edgeserve;

import static io.restassured.RestAssured.given;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole service on a random port, as clients reach it over HTTP with REST Assured. Before each test it
 * waits until no model is still loading, so that a test sees the state loading ended in: healthy, or
 * unhealthy with its reasons. Subclasses name their models with a {@code @DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LiveService {

    private static final int LOADING_CHECKS = 600;

    @LocalServerPort
    protected int port;

    protected RequestSpecification api;

    /** Loads a model through SageMaker's multi-model API, as the platform does. */
    protected Response loadModel(String name, String url) {
        return given(api).contentType("application/json").body(Map.of("model_name", name, "url", url)).post("/models");
    }

    /** Unloads every model the multi-model API lists, so that each test starts from an empty container. */
    protected void unloadAllModels() {
        List<String> names = given(api).get("/models").then().extract().jsonPath().getList("models.modelName");
        names.forEach(name -> given(api).delete("/models/" + name));
    }

    @BeforeEach
    void connectOnceLoaded() throws InterruptedException {
        api = new RequestSpecBuilder().setPort(port).build();
        for (int i = 0; i < LOADING_CHECKS && given(api).get("/ping").asString().contains("\"loading\""); i++) {
            Thread.sleep(100);
        }
    }
}

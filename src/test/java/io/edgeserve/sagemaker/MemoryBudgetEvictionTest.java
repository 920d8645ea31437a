package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A 2.5 MB memory budget on the real models: loads that do not fit evict the least recently used idle
 * models first, and a model larger than the whole budget is refused with 507.
 */
@TestPropertySource(properties = "edgeserve.models.memory-budget=2500KB")
class MemoryBudgetEvictionTest extends LiveService {

    @DynamicPropertySource
    static void emptyContainer(DynamicPropertyRegistry registry) throws IOException {
        Path empty = Files.createDirectories(Files.createTempDirectory("edgeserve-budget-").resolve("models"));
        registry.add("edgeserve.model-dir", empty::toString);
        registry.add("edgeserve.models.allowed-roots", SharedModels.ROOT::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @BeforeEach
    void clean() {
        unloadAllModels();
    }

    private io.restassured.response.Response load(String name, String model) {
        return loadModel(name, SharedModels.model(model).toString());
    }

    private void invoke(String name, String csv) {
        given(api).header(SageMakerHeaders.TARGET_MODEL, name).contentType("text/csv").body(csv).post("/invocations")
                .then().statusCode(200);
    }

    @Test
    void modelLargerThanTheBudget_is507() {
        load("resnet56", "cifar-resnet56-v1").then().statusCode(507).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/insufficient-memory"))
                .body("detail", containsString("more than the whole budget"));
    }

    @Test
    void loadThatDoesNotFit_evictsLeastRecentlyUsedIdleModelsFirst() {
        load("mlp", "sagemaker-mnist-mlp").then().statusCode(200);
        load("cifar-resnet20-v1", "cifar-resnet20-v1").then().statusCode(200);
        load("linreg", "sagemaker-linreg").then().statusCode(200);
        invoke("cifar-resnet20-v1", "0," .repeat(3 * 32 * 32 - 1) + "0");
        invoke("mlp", "0," .repeat(783) + "0");

        load("lenet", "mnist-lenet").then().statusCode(200);

        given(api).get("/models").then().statusCode(200).body("models.modelName", equalTo(List.of("lenet", "mlp")));
    }
}

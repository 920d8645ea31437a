package io.edgeserve.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Management moved to a port of its own: it answers there, with a token, and is not found on the service port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeserve.security.management.enabled=true",
        "edgeserve.security.management.tokens=" + ManagementPortTest.TOKEN,
        "edgeserve.security.management.port=0"})
class ManagementPortTest extends LiveService {

    static final String TOKEN = "management-port-token-0123456789";


    @Autowired
    ServerConnectors connectors;

    @Autowired
    SecurityMetrics metrics;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-mgmt-").resolve("models"),
                "sagemaker-linreg");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }


    @Test
    void managementPort_withTheToken_manages() {
        assertThat(connectors.managementPort()).isPositive().isNotEqualTo(port);

        given().port(connectors.managementPort()).header("Authorization", "Bearer " + TOKEN).get("/models")
                .then().statusCode(200).body("models[0].modelName", equalTo("sagemaker-linreg"));
    }

    @Test
    void managementPort_withoutTheToken_is401() {
        given().port(connectors.managementPort()).get("/models").then().statusCode(401);
    }

    @Test
    void port_doesNotHaveManagement() {
        double before = metrics.count("management", "wrong_port");

        given().port(port).header("Authorization", "Bearer " + TOKEN).get("/models")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/not-found"));
        assertThat(metrics.count("management", "wrong_port")).isEqualTo(before + 1);
    }

    @Test
    void port_stillServesInference() {
        given().port(port).contentType("application/json").body("[[1, 2]]").post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }
}

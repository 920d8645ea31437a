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
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code sagemaker} profile: one plain HTTP port, no authentication, the container contract and nothing else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sagemaker")
class SageMakerProfileTest extends LiveService {


    @Autowired
    ServerConnectors connectors;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path models = SharedModels.linkedFolder(Files.createTempDirectory("edgeserve-sm-profile-").resolve("models"),
                "sagemaker-linreg");
        registry.add("edgeserve.model-dir", models::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }


    @Test
    void containerContract_needsNoCredentials() {
        given().port(port).get("/ping").then().statusCode(200);
        given().port(port).contentType("application/json").body("[[1, 2]]").post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
        given().port(port).get("/models").then().statusCode(200);
    }

    @Test
    void runtimeApi_isNotServed() {
        given().port(port).contentType("application/json").body("[[1, 2]]").post("/endpoints/sagemaker-linreg/invocations")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyTheOnePort_listens() {
        assertThat(connectors.httpsPort()).isEqualTo(-1);
        assertThat(connectors.managementPort()).isEqualTo(-1);
    }
}

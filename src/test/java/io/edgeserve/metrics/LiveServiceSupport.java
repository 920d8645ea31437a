package io.edgeserve.metrics;

import static io.restassured.RestAssured.given;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.response.Response;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as it runs, serving the bundled Iris model on the real engine, with the shared models allowed for
 * {@code POST /models}; scraped over HTTP at {@code /metrics} as Prometheus does. The tests that extend it share
 * one application context, unless they declare a {@code @SpringBootTest} of their own.
 */
abstract class LiveServiceSupport extends LiveService {

    static final String IRIS_ROW = "[[5.1, 3.5, 1.4, 0.2]]";

    @DynamicPropertySource
    static void bundledIris(DynamicPropertyRegistry registry) {
        registry.add("edgeserve.model-dir", () -> Path.of("models").toAbsolutePath().toString());
        registry.add("edgeserve.models.allowed-roots", SharedModels.ROOT::toString);
        // Data capture on, so that its metrics are scraped, linted and read by the dashboard like the others.
        registry.add("edgeserve.capture.enabled", () -> "true");
        registry.add("edgeserve.capture.dir", () -> temporaryFolder("edgeserve-capture-spool-"));
        registry.add("edgeserve.capture.destination", () -> Path.of(temporaryFolder("edgeserve-capture-store-")).toUri());
    }

    private static String temporaryFolder(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Exposition scrape() {
        return Exposition.parse(given(api).get("/metrics").then().statusCode(200).extract().asString());
    }

    Response invokeIris(String body) {
        return given(api).contentType("application/json").body(body).post("/models/iris/invoke");
    }

    /**
     * A scrape that counts {@code requests} more inference requests than {@code before}. The service records a
     * request as its last byte leaves, so a client holding the whole answer may scrape a moment too early.
     */
    Exposition scrapeAfter(Exposition before, int requests) throws InterruptedException {
        double expected = before.sum("edgeserve_requests_total") + requests;
        Exposition scrape = scrape();
        for (int i = 0; i < 100 && scrape.sum("edgeserve_requests_total") < expected; i++) {
            Thread.sleep(50);
            scrape = scrape();
        }
        return scrape;
    }

    /** A little of everything: answers in JSON and CSV, a bad body, and a model nobody loaded; all counted. */
    void sendTraffic() throws InterruptedException {
        Exposition before = scrape();
        invokeIris(IRIS_ROW).then().statusCode(200);
        given(api).header("X-Amzn-SageMaker-Target-Model", "iris").contentType("text/csv").accept("text/csv")
                .body("5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n").post("/invocations").then().statusCode(200);
        invokeIris("[[5.1, 3.5]]").then().statusCode(400);
        given(api).contentType("application/json").body(IRIS_ROW).post("/models/no-such-model/invoke")
                .then().statusCode(404);
        scrapeAfter(before, 4);
    }
}

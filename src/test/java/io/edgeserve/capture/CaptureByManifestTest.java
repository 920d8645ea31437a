package io.edgeserve.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.LiveService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Capture off by default ({@code edgeserve.capture.enabled=false}), on for one model whose manifest says
 * {@code "capture": {"enabled": true}}: that model's requests are captured and uploaded, the other model's never.
 */
class CaptureByManifestTest extends LiveService {

    private static final Path ROOT = temporaryFolder();
    private static final Path STORE = ROOT.resolve("store");

    private static Path temporaryFolder() {
        try {
            Path root = Files.createTempDirectory("edgeserve-capture-manifest-");
            Path iris = Path.of("models", "iris").toAbsolutePath();
            Path captured = Files.createDirectories(root.resolve("models").resolve("captured"));
            for (String file : List.of("iris-0000.params", "iris-symbol.json", "synset.txt")) {
                Files.createSymbolicLink(captured.resolve(file), iris.resolve(file));
            }
            String manifest = Files.readString(iris.resolve("edgeserve.json")).strip();
            Files.writeString(captured.resolve("edgeserve.json"),
                    manifest.substring(0, manifest.length() - 1) + ", \"capture\": {\"enabled\": true}}");
            Files.createSymbolicLink(root.resolve("models").resolve("plain"), iris);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void capture(DynamicPropertyRegistry registry) {
        registry.add("edgeserve.model-dir", () -> ROOT.resolve("models").toString());
        registry.add("edgeserve.capture.enabled", () -> "false");
        registry.add("edgeserve.capture.dir", () -> ROOT.resolve("spool").toString());
        registry.add("edgeserve.capture.destination", () -> STORE.toUri().toString());
        registry.add("edgeserve.capture.flush-interval", () -> "100ms");
        registry.add("edgeserve.capture.rotate-interval", () -> "200ms");
    }

    @Test
    void manifestTurnsCaptureOn_whereTheGlobalSettingIsOff_forThatModelOnly() throws Exception {
        assertThat(CaptureRecords.JSON.readTree(given(api).get("/capture").asString()).get("enabled").asBoolean())
                .as("nothing captured yet: no capture thread runs").isFalse();
        for (int i = 0; i < 3; i++) {
            for (String model : List.of("captured", "plain")) {
                given(api).header("X-Amzn-SageMaker-Inference-Id", model + "-" + i).contentType("application/json")
                        .body("[[5.1, 3.5, 1.4, 0.2]]").post("/models/" + model + "/invoke").then().statusCode(200);
            }
        }

        List<String> arrived = awaitRecords(3);

        assertThat(arrived).containsExactlyInAnyOrder("captured-0", "captured-1", "captured-2");
        JsonNode status = CaptureRecords.JSON.readTree(given(api).get("/capture").asString());
        assertThat(status.get("enabled").asBoolean()).isTrue();
        assertThat(status.get("capturedRecords").asLong()).isEqualTo(3);
    }

    /** The event ids in the store once {@code expected} have arrived (or after 20 s), read again half a second later. */
    private static List<String> awaitRecords(int expected) throws Exception {
        for (int attempt = 0; attempt < 200 && storedIds().size() < expected; attempt++) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // a record of the other model, were there one, has arrived by now too
        return storedIds();
    }

    private static List<String> storedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(STORE)) {
            return ids;
        }
        try (var walk = Files.walk(STORE)) {
            for (Path object : walk.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                CaptureRecords.lines(Files.readString(object))
                        .forEach(line -> ids.add(line.at("/eventMetadata/eventId").asString()));
            }
        }
        return ids;
    }
}

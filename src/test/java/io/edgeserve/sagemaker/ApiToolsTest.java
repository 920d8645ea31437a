package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

/**
 * The API description and the Postman collection checked by the tools their users run, against the service
 * started on the bundled models: Spectral lints {@code /v3/api-docs}, headless Chromium renders Swagger UI,
 * newman runs docs/postman. Their reports stay in target/: openapi.json, spectral.txt, swagger-ui.png,
 * swagger-ui.html and newman/edgeserve.xml.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "edgeserve.model-dir=models")
class ApiToolsTest {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @LocalServerPort
    int port;

    @AfterEach
    void unloadWhatTheCollectionLoaded() {
        given().port(port).delete("/models/iris-copy");
    }

    @Test
    void spectral_findsNoErrorOrWarningInTheLiveDescription() throws Exception {
        ExternalTool spectral = ExternalTool.npm("spectral");
        Path apiDocs = TARGET.resolve("openapi.json");
        Files.write(apiDocs, given().port(port).get("/v3/api-docs").then().statusCode(200).extract().asByteArray());

        ExternalTool.Run lint = spectral.run(List.of("lint", "--ruleset", Path.of(".spectral.yaml").toAbsolutePath().toString(),
                "--fail-severity", "warn", apiDocs.toString()));
        Files.writeString(TARGET.resolve("spectral.txt"), lint.stdout() + lint.stderr());
        System.out.println("spectral: " + lint.stdout().strip());

        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
    }

    @Test
    void swaggerUi_rendersTheOperationsInHeadlessChromium_withNoOtherHost() throws Exception {
        ExternalTool chromium = ExternalTool.command("chromium", "apt-get install chromium");
        String url = "http://127.0.0.1:" + port + "/swagger-ui/index.html";
        Path screenshot = TARGET.resolve("swagger-ui.png");
        Files.deleteIfExists(screenshot);

        ExternalTool.Run shot = runChromium(chromium, "--screenshot=" + screenshot, "--window-size=1280,2000", url);
        ExternalTool.Run dom = runChromium(chromium, "--dump-dom", url);
        Files.writeString(TARGET.resolve("swagger-ui.html"), dom.stdout());

        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.stdout()).as("the rendered page").contains("data-path=\"/invocations\"", "data-path=\"/ping\"",
                "data-path=\"/models/{name}/invoke\"", "OAS 3.1");
        assertThat(distinctColours(screenshot)).as("a rendered page, not a blank one").isGreaterThan(16);
    }

    @Test
    void postmanCollection_passesInNewman() throws Exception {
        ExternalTool newman = ExternalTool.npm("newman");
        Path report = TARGET.resolve("newman").resolve("edgeserve.xml");
        FileSystemUtils.deleteRecursively(report.getParent());

        ExternalTool.Run run = newman.run(List.of("run", Path.of("docs", "postman", "edgeserve.postman_collection.json").toAbsolutePath().toString(),
                "--working-dir", Path.of("docs", "postman").toAbsolutePath().toString(),
                "--env-var", "baseUrl=http://127.0.0.1:" + port,
                "--env-var", "irisUrl=" + Path.of("models", "iris").toAbsolutePath(),
                "--reporters", "cli,junit", "--reporter-junit-export", report.toString(), "--color", "off"));
        System.out.println(run.stdout());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains("failures=\"0\"").doesNotContain("<failure");
    }

    /**
     * Chromium as the issue runs it, plus a resolver that knows no host but 127.0.0.1: Swagger UI must load
     * entirely from the service's jar, with no CDN.
     */
    private static ExternalTool.Run runChromium(ExternalTool chromium, String... specific) throws Exception {
        Path profile = Files.createTempDirectory("edgeserve-chromium-");
        try {
            List<String> arguments = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    "--virtual-time-budget=10000"));
            arguments.addAll(List.of(specific));
            return chromium.run(arguments);
        } finally {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    private static int distinctColours(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at " + png).isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Swagger UI's "Try it out" in headless Chromium, clicked as a person would: a picture chosen in the file dialog
 * and sent to a model that takes pictures, and an InvokeEndpoint call with the description's example. Proves that
 * the OpenAPI description gives Swagger UI what it needs to send both. Chromium is driven over its debugging
 * protocol ({@link ChromiumDevTools}); where it is missing the test is skipped, except under CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiTryItOutTest {

    /** Sets a React-controlled field's value the way typing does, so that Swagger UI's state follows. */
    private static final String SET_VALUE = "const setValue = (element, value) => {"
            + " Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value').set.call(element, value);"
            + " element.dispatchEvent(new Event('input', {bubbles: true}));"
            + " element.dispatchEvent(new Event('change', {bubbles: true})); };";

    /** Longer than Swagger UI's debounce of a parameter's input, after which the typed text is its value. */
    private static final Duration TYPING_PAUSE = Duration.ofSeconds(1);

    @LocalServerPort
    int port;

    ChromiumDevTools chromium;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-swagger-ui-");
        Path models = Files.createDirectories(root.resolve("models"));
        Files.createSymbolicLink(models.resolve("iris"), Path.of("models", "iris").toAbsolutePath());
        Files.createSymbolicLink(models.resolve("pictures"), SharedModels.model("cifar-resnet20-v1"));
        Path manifests = Files.createDirectories(root.resolve("manifests"));
        Files.copy(SharedModels.MANIFESTS.resolve("cifar-resnet20-v1.json"), manifests.resolve("pictures.json"));
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", manifests::toString);
    }

    @BeforeAll
    void openSwaggerUi() throws Exception {
        SharedModels.assumePresent();
        chromium = ChromiumDevTools.start(ExternalTool.command("chromium", "apt-get install chromium").executable());
        chromium.call("Page.enable", java.util.Map.of());
        chromium.navigate("http://127.0.0.1:" + port + "/swagger-ui/index.html");
        chromium.waitFor("document.querySelector('#operations-SageMaker_Runtime-invokeEndpoint')", Duration.ofSeconds(60));
    }

    @AfterAll
    void closeChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void pictureChosenInTheFileDialog_isSentAndClassified() throws Exception {
        String operation = "#operations-Inference-invokeModel";
        tryItOut(operation);
        chromium.evaluate("(() => {" + SET_VALUE + "const op = document.querySelector('" + operation + "');"
                + "setValue(op.querySelector('.body-param-content-type select'), 'image/png'); return true; })()");
        chromium.waitFor("document.querySelector('" + operation + " .opblock-section-request-body input[type=file]')",
                Duration.ofSeconds(10));
        chromium.chooseFile(operation + " .opblock-section-request-body input[type=file]",
                SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));
        // The model's name is typed, as a person would. Swagger UI takes a parameter's text into its state only
        // after a pause in typing (a debounced input, 350 ms): a click on Execute at once sends the example, iris.
        chromium.type(operation + " tr[data-param-name=\"name\"] input", "pictures");
        Thread.sleep(TYPING_PAUSE.toMillis());

        String[] answer = execute(operation);

        assertThat(answer[0]).as(answer[1]).isEqualTo("200");
        assertThat(answer[1]).contains("airplane");
        assertThat(answer[2]).as("the curl Swagger UI sent").contains("Content-Type: image/png").contains("/models/pictures/invoke");
    }

    @Test
    void invokeEndpoint_isSentWithTheDescriptionsExample_andAnOwnRequestId() throws Exception {
        String operation = "#operations-SageMaker_Runtime-invokeEndpoint";
        tryItOut(operation);

        String[] answer = execute(operation);

        assertThat(answer[0]).as(answer[1]).isEqualTo("200");
        assertThat(answer[1]).contains("0.99999");
        assertThat(answer[2]).as("the curl Swagger UI sent").contains("/endpoints/iris/invocations")
                .doesNotContain("X-Amzn-SageMaker-Inference-Id");
    }

    private void tryItOut(String operation) throws Exception {
        chromium.evaluate("(() => { const op = document.querySelector('" + operation + "');"
                + "if (!op.classList.contains('is-open')) { op.querySelector('.opblock-summary-control').click(); } return true; })()");
        chromium.waitFor("document.querySelector('" + operation + " .try-out__btn')", Duration.ofSeconds(10));
        chromium.evaluate("(() => { const button = document.querySelector('" + operation + " .try-out__btn');"
                + "if (!button.classList.contains('cancel')) { button.click(); } return true; })()");
        chromium.waitFor("document.querySelector('" + operation + " .btn.execute')", Duration.ofSeconds(10));
    }

    /** Clicks Execute and reads the live response: its status, its body and the curl command shown. */
    private String[] execute(String operation) throws Exception {
        chromium.evaluate("document.querySelector('" + operation + " .btn.execute').click(); true");
        String status = operation + " .live-responses-table .response .response-col_status";
        chromium.waitFor("document.querySelector('" + status + "')", Duration.ofSeconds(60));
        return new String[] {
            chromium.evaluate("document.querySelector('" + status + "').innerText.trim()").asString(),
            chromium.evaluate("document.querySelector('" + operation + " .live-responses-table .response .response-col_description').innerText").asString(),
            chromium.evaluate("(document.querySelector('" + operation + " .curl-command') || document.body).innerText").asString()};
    }
}

package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.edgeserve.SharedModels;
import io.edgeserve.TestPictures;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pictures over HTTP to the shared CIFAR ResNets and LeNet, with the real engine: the manifests in the test
 * resources say how each model takes pictures, and the answers are those the models' SOURCE.txt records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageClassificationEndToEndTest {

    private static final Path TILES = SharedModels.DATA.resolve("cifar10-samples");
    private static final Path KITTEN = SharedModels.DATA.resolve("photos/kitten.jpg");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    RequestSpecification api;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-images-");
        Path modelDir = SharedModels.linkedFolder(root.resolve("models"), "cifar-resnet20-v1", "cifar-resnet20-v2",
                "cifar-resnet56-v1", "cifar-resnet56-v2", "mnist-lenet", "sagemaker-linreg");
        registry.add("edgeserve.model-dir", modelDir::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.work-dir", () -> root.resolve("work").toString());
        registry.add("edgeserve.image.max-pixels", () -> "1000000");
        registry.add("edgeserve.image.max-images", () -> "8");
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @BeforeEach
    void waitUntilHealthy() throws InterruptedException {
        api = new RequestSpecBuilder().setPort(port).build();
        for (int i = 0; i < 900 && given(api).get("/ping").statusCode() != 200; i++) {
            Thread.sleep(100);
        }
        given(api).get("/ping").then().statusCode(200);
    }

    private RequestSpecification model(String name) {
        return given(api).header(SageMakerHeaders.TARGET_MODEL, name);
    }

    @ParameterizedTest(name = "{0}: {1} of the 100 tiles")
    @CsvSource({"cifar-resnet20-v1, 98", "cifar-resnet20-v2, 94", "cifar-resnet56-v1, 96", "cifar-resnet56-v2, 95"})
    void cifarTilesAsPng_classifyAsSourceRecords(String name, int expectedRight)
            throws IOException, InterruptedException {
        List<Path> tiles;
        try (Stream<Path> files = Files.list(TILES)) {
            tiles = files.filter(file -> file.getFileName().toString().matches("[a-z]+_\\d\\.png")).sorted().toList();
        }
        assertThat(tiles).hasSize(100);
        int right = 0;
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (Path tile : tiles) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                        .header("Content-Type", "image/png").header(SageMakerHeaders.TARGET_MODEL, name)
                        .POST(HttpRequest.BodyPublishers.ofFile(tile)).build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).as(tile.getFileName().toString()).isEqualTo(200);
                String label = JSON.readTree(response.body()).at("/predictions/0/label").asString();
                if (tile.getFileName().toString().startsWith(label + "_")) {
                    right++;
                }
            }
        }
        assertThat(right).isEqualTo(expectedRight);
    }

    @Test
    void airplane_isTopWithTheRecordedProbability() throws IOException {
        JsonPath answer = model("cifar-resnet20-v1").contentType("image/png").body(airplane())
                .post("/invocations").then().statusCode(200).contentType("application/json")
                .body("predictions", hasSize(5))
                .extract().jsonPath();

        assertThat(answer.getString("predictions[0].label")).isEqualTo("airplane");
        assertThat(answer.getDouble("predictions[0].probability")).isCloseTo(0.9944959, within(1e-5));
        assertThat(answer.getString("predictions[1].label")).isEqualTo("ship");
        assertThat(answer.getDouble("predictions[1].probability")).isCloseTo(0.002907205, within(1e-6));
    }

    @Test
    void kittenPhoto_isACat() throws IOException {
        model("cifar-resnet20-v1").contentType("image/jpeg").body(Files.readAllBytes(KITTEN))
                .post("/invocations").then().statusCode(200)
                .body("predictions[0].label", equalTo("cat"));
    }

    @Test
    void sageMakerImageType_isReadAsTheBytesSay() throws IOException {
        model("cifar-resnet20-v1").contentType("application/x-image").body(Files.readAllBytes(KITTEN))
                .post("/invocations").then().statusCode(200)
                .body("predictions[0].label", equalTo("cat"));
    }

    @ParameterizedTest(name = "{1} reads as {0}")
    @CsvSource({"0, digit0_djl.png", "4, digit4_sm.png", "7, digit7_sm.png"})
    void lenetDigitsAsPng_readAsTheirDigits(String digit, String file) throws IOException {
        byte[] png = Files.readAllBytes(SharedModels.model("mnist-lenet").resolve("images").resolve(file));

        JsonPath answer = model("mnist-lenet").contentType("image/png").body(png)
                .post("/invocations").then().statusCode(200).extract().jsonPath();

        assertThat(answer.getString("predictions[0].label")).isEqualTo(digit);
        assertThat(answer.getDouble("predictions[0].probability")).isGreaterThan(0.9999);
    }

    @Test
    void multipart_answersEachPartInOrder() throws IOException {
        model("cifar-resnet20-v1")
                .multiPart("first", "kitten.jpg", Files.readAllBytes(KITTEN), "image/jpeg")
                .multiPart("second", "airplane1.png", airplane(), "image/png")
                .multiPart("third", "ship_0.png", Files.readAllBytes(TILES.resolve("ship_0.png")),
                        "application/octet-stream")
                .post("/invocations").then().statusCode(200)
                .body("predictions", hasSize(3))
                .body("predictions[0][0].label", equalTo("cat"))
                .body("predictions[1][0].label", equalTo("airplane"))
                .body("predictions[2][0].label", equalTo("ship"));
    }

    @Test
    void base64Json_answersEachInstanceInOrder() throws IOException {
        String body = "{\"instances\": [{\"b64\": \"" + Base64.getEncoder().encodeToString(airplane())
                + "\"}, {\"b64\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(KITTEN)) + "\"}]}";

        model("cifar-resnet20-v1").contentType("application/json").body(body)
                .post("/invocations").then().statusCode(200)
                .body("predictions", hasSize(2))
                .body("predictions[0][0].label", equalTo("airplane"))
                .body("predictions[1][0].label", equalTo("cat"));
    }

    @Test
    void numericJson_toAnImageModel_isStillATensorRequest() {
        model("cifar-resnet20-v1").contentType("application/json").body(List.of(List.of(new float[3 * 32 * 32])))
                .post("/invocations").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].size()", equalTo(10));
    }

    @Test
    void topKCustomAttribute_setsHowManyLabels() throws IOException {
        model("cifar-resnet20-v1").header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "trace=x,top_k=3")
                .contentType("image/png").body(airplane())
                .post("/invocations").then().statusCode(200)
                .body("predictions.label", equalTo(List.of("airplane", "ship", "automobile")));
    }

    @Test
    void topKQueryParameter_setsHowManyLabels() throws IOException {
        given(api).contentType("image/png").body(airplane()).queryParam("top_k", 1)
                .post("/models/cifar-resnet20-v1/invoke").then().statusCode(200)
                .body("predictions", hasSize(1));
    }

    @Test
    void topKBeyondTheLabels_givesThemAll() throws IOException {
        model("cifar-resnet20-v1").header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "top_k=50")
                .contentType("image/png").body(airplane())
                .post("/invocations").then().statusCode(200)
                .body("predictions", hasSize(10));
    }

    @Test
    void topKNotANumber_is400() throws IOException {
        model("cifar-resnet20-v1").header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "top_k=all")
                .contentType("image/png").body(airplane())
                .post("/invocations").then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/invalid-request"))
                .body("detail", containsString("top_k must be a whole number of at least 1, was 'all'"));
    }

    @Test
    void acceptNpy_givesTheRawLogits() throws IOException {
        byte[] npy = model("cifar-resnet20-v1").contentType("image/png").accept("application/x-npy").body(airplane())
                .post("/invocations").then().statusCode(200).contentType("application/x-npy").extract().asByteArray();

        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat(new String(npy, 10, headerLength)).contains("'shape': (1, 10)");
        float[] logits = new float[10];
        ByteBuffer.wrap(npy, 10 + headerLength, 40).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(logits);
        double airplane = 1 / IntStream.range(0, 10).mapToDouble(i -> Math.exp(logits[i] - logits[0])).sum();
        assertThat(airplane).isCloseTo(0.9944959, within(1e-5));
    }

    @Test
    void acceptJsonFormatTensor_givesTheRawLogitsAsJson() throws IOException {
        List<List<Float>> rows = model("cifar-resnet20-v1").contentType("image/png")
                .accept("application/json; format=tensor").body(airplane())
                .post("/invocations").then().statusCode(200).contentType("application/json")
                .extract().jsonPath().getList("$");

        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).hasSize(10);
    }

    @Test
    void garbageBytes_are400() {
        model("cifar-resnet20-v1").contentType("image/png").body("not a picture at all".getBytes())
                .post("/invocations").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/malformed-body"))
                .body("detail", equalTo("the body is not a PNG or JPEG image: it starts with bytes "
                        + "6e 6f 74 20 61 20 70 69"));
    }

    @Test
    void truncatedPng_is400() throws IOException {
        byte[] png = Files.readAllBytes(TILES.resolve("cat_0.png"));

        model("cifar-resnet20-v1").contentType("image/png").body(Arrays.copyOf(png, png.length / 2))
                .post("/invocations").then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/malformed-body"))
                .body("detail", containsString("the body is a truncated PNG"));
    }

    @Test
    void pictureOverThePixelLimit_is400BeforeDecoding() {
        model("cifar-resnet20-v1").contentType("image/png").body(TestPictures.pngDeclaring(2000, 1000))
                .post("/invocations").then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/image-too-large"))
                .body("detail", equalTo("the body is a PNG of 2000x1000 = 2000000 pixels; the limit is 1000000 "
                        + "(edgeserve.image.max-pixels)"));
    }

    @Test
    void badPartInMultipart_isNamed() throws IOException {
        model("cifar-resnet20-v1")
                .multiPart("first", "kitten.jpg", Files.readAllBytes(KITTEN), "image/jpeg")
                .multiPart("notes", "notes.txt", "hello".getBytes(), "text/plain")
                .post("/invocations").then().statusCode(400)
                .body("detail", equalTo("part 2 ('notes', 'notes.txt') is not a PNG or JPEG image: it starts with "
                        + "bytes 68 65 6c 6c 6f"));
    }

    @Test
    void morePicturesThanTheLimit_is413() throws IOException {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        String tile = Base64.getEncoder().encodeToString(airplane());
        for (int i = 0; i < 9; i++) {
            body.append(i == 0 ? "" : ", ").append("{\"b64\": \"").append(tile).append("\"}");
        }
        model("cifar-resnet20-v1").contentType("application/json").body(body.append("]}").toString())
                .post("/invocations").then().statusCode(413)
                .body("detail", equalTo("the request holds 9 pictures; the limit is 8 (edgeserve.image.max-images)"));
    }

    @Test
    void gif_is415() {
        model("cifar-resnet20-v1").contentType("image/gif").body("GIF89a".getBytes())
                .post("/invocations").then().statusCode(415)
                .body("detail", containsString("send JPEG or PNG as image/jpeg, image/png or application/x-image"));
    }

    @Test
    void pictureToAModelWithoutAnImageSection_is415() throws IOException {
        model("sagemaker-linreg").contentType("image/png").body(airplane())
                .post("/invocations").then().statusCode(415)
                .body("detail", containsString("model 'sagemaker-linreg' takes no pictures"));
    }

    @Test
    void multipartWithoutBoundary_is400() {
        model("cifar-resnet20-v1").contentType("multipart/form-data").body("--x\r\n\r\nabc\r\n--x--".getBytes())
                .post("/invocations").then().statusCode(400)
                .body("detail", containsString("needs a boundary parameter"));
    }

    private static byte[] airplane() throws IOException {
        return Files.readAllBytes(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));
    }
}

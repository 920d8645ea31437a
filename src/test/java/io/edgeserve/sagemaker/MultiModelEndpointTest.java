package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SageMaker's multi-model endpoint API on the real engine: a container started with no model, loading the
 * shared models by url, invoking, listing, unloading, and refusing what it must.
 */
class MultiModelEndpointTest extends LiveService {

    private static Path outsideRoot;
    private static Path modelDir;

    @DynamicPropertySource
    static void emptyContainer(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-mme-");
        Path empty = Files.createDirectories(root.resolve("models"));
        outsideRoot = Files.createDirectories(root.resolve("outside"));
        Files.createSymbolicLink(empty.resolve("escape"), Path.of("/etc"));
        modelDir = empty;
        registry.add("edgeserve.model-dir", empty::toString);
        registry.add("edgeserve.models.allowed-roots", SharedModels.ROOT::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @AfterEach
    void unloadEverything() {
        unloadAllModels();
    }

    private io.restassured.response.Response load(String name, String url) {
        return loadModel(name, url);
    }

    private static String shared(String model) {
        return SharedModels.model(model).toString();
    }

    @Test
    void containerWithNoModel_isHealthy() {
        given(api).get("/ping").then().statusCode(200).body("status", equalTo("healthy"));
        given(api).get("/models").then().statusCode(200).body("models.size()", equalTo(0));
    }

    @Test
    void fourModelsLoaded_eachAnswers() {
        load("linreg", shared("sagemaker-linreg")).then().statusCode(200).body("state", equalTo("ready"));
        load("mlp", shared("sagemaker-mnist-mlp")).then().statusCode(200);
        load("mnist-lenet", shared("mnist-lenet")).then().statusCode(200).body("epoch", equalTo(10));
        load("cifar-resnet20-v1", shared("cifar-resnet20-v1")).then().statusCode(200);

        given(api).contentType("application/json").body("[[1, 2]]").post("/models/linreg/invoke")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
        given(api).header(SageMakerHeaders.TARGET_MODEL, "mlp").contentType("text/csv").body("0," .repeat(783) + "0")
                .post("/invocations").then().statusCode(200).body("[0].size()", equalTo(10));
        given(api).contentType("application/x-npy").body(SharedModels.npy(new long[] {1, 1, 28, 28}, new float[784]))
                .post("/models/mnist-lenet/invoke").then().statusCode(200).body("[0].size()", equalTo(10));
        given(api).contentType("application/x-npy").body(SharedModels.npy(new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32]))
                .post("/models/cifar-resnet20-v1/invoke").then().statusCode(200).body("size()", equalTo(2));
        given(api).get("/models").then().statusCode(200)
                .body("models.modelName", hasItems("linreg", "mlp", "mnist-lenet", "cifar-resnet20-v1"))
                .body("models.find { it.modelName == 'linreg' }.modelUrl", equalTo(shared("sagemaker-linreg")));
    }

    @Test
    void describe_givesSignatureAndSizes() {
        load("linreg", shared("sagemaker-linreg")).then().statusCode(200);

        given(api).get("/models/linreg").then().statusCode(200)
                .body("modelName", equalTo("linreg"))
                .body("inputs[0].name", equalTo("data"))
                .body("inputs[0].shape", equalTo(List.of(-1, 2)))
                .body("outputs", equalTo(List.of("lro_output")))
                .body("paramsBytesOnDisk", equalTo(150))
                .body("parameterBytesInMemory", equalTo(12));
    }

    @Test
    void inlineManifest_letsAReadOnlyModelTakePictures() throws IOException {
        String manifest = "{\"labels\": \"synset.txt\", \"scores\": \"logits\", \"image\": {\"size\": [32, 32], "
                + "\"mean\": [0.4914, 0.4822, 0.4465], \"std\": [0.2023, 0.1994, 0.2010]}}";
        given(api).contentType("application/json")
                .body("{\"model_name\": \"tiles\", \"url\": \"" + shared("cifar-resnet20-v1") + "\", \"manifest\": "
                        + manifest + "}")
                .post("/models").then().statusCode(200);

        given(api).contentType("image/png")
                .body(Files.readAllBytes(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png")))
                .post("/models/tiles/invoke").then().statusCode(200)
                .body("predictions[0].label", equalTo("airplane"));
    }

    /**
     * The CIFAR ResNet ends in global average pooling, so it takes any picture size; a manifest whose input has
     * free, bounded height and width and whose image section has no size keeps each picture's own size.
     */
    @Test
    void freeSizeManifest_keepsThePicturesOwnSizeWithinTheBounds() throws IOException {
        String manifest = "{\"labels\": \"synset.txt\", \"scores\": \"logits\", \"inputs\": [{\"name\": \"data\", "
                + "\"shape\": [-1, 3, {\"min\": 24, \"max\": 48}, {\"min\": 24, \"max\": 48}]}], \"image\": {"
                + "\"mean\": [0.4914, 0.4822, 0.4465], \"std\": [0.2023, 0.1994, 0.2010]}}";
        given(api).contentType("application/json")
                .body("{\"model_name\": \"free\", \"url\": \"" + shared("cifar-resnet20-v1") + "\", \"manifest\": "
                        + manifest + "}")
                .post("/models").then().statusCode(200);
        byte[] airplane = Files.readAllBytes(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));

        given(api).contentType("image/png").body(airplane)
                .post("/models/free/invoke").then().statusCode(200)
                .body("predictions[0].label", equalTo("airplane"));
        // 40 rows by 28 columns, within the bounds: the model runs at that size, no resize to a square.
        given(api).contentType("image/png").body(scaled(airplane, 28, 40))
                .post("/models/free/invoke").then().statusCode(200)
                .body("predictions[0].label", equalTo("airplane"));
        // 64 columns is past the width's bound: refused before the engine, naming the bound.
        given(api).contentType("image/png").body(scaled(airplane, 64, 32))
                .post("/models/free/invoke").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("axis 3 must be 24 to 48, was 64"));
        given(api).contentType("image/png").body(scaled(airplane, 32, 16))
                .post("/models/free/invoke").then().statusCode(400)
                .body("detail", containsString("axis 2 must be 24 to 48, was 16"));
    }

    private static byte[] scaled(byte[] png, int width, int height) throws IOException {
        java.awt.image.BufferedImage source = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        java.awt.image.BufferedImage target = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = target.createGraphics();
        graphics.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(source, 0, 0, width, height, null);
        graphics.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(target, "png", out);
        return out.toByteArray();
    }

    @Test
    void invalidInlineManifest_is400NamingTheField() {
        given(api).contentType("application/json")
                .body("{\"model_name\": \"x\", \"url\": \"" + shared("cifar-resnet20-v1")
                        + "\", \"manifest\": {\"epok\": 0}}")
                .post("/models").then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/invalid-request"))
                .body("detail", containsString("\"manifest\" is not a valid manifest: unknown field \"epok\""));
        given(api).get("/models").then().body("models.size()", equalTo(0));
    }

    @Test
    void sameNameTwice_is409() {
        load("linreg", shared("sagemaker-linreg")).then().statusCode(200);

        load("linreg", shared("sagemaker-linreg")).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://edgeserve.io/problems/model-already-loaded"));
    }

    @Test
    void unloadedModel_is404AndStopsServing() {
        load("linreg", shared("sagemaker-linreg")).then().statusCode(200);

        given(api).delete("/models/linreg").then().statusCode(200);
        given(api).delete("/models/linreg").then().statusCode(404).contentType("application/problem+json");
        given(api).get("/models/linreg").then().statusCode(404);
        given(api).contentType("application/json").body("[[1, 2]]").post("/models/linreg/invoke").then().statusCode(404);
    }

    @Test
    void listing_isPaginated() {
        for (String name : List.of("a", "b", "c")) {
            load(name, shared("sagemaker-linreg")).then().statusCode(200);
        }

        String token = given(api).queryParam("max_results", 2).get("/models").then().statusCode(200)
                .body("models.modelName", equalTo(List.of("a", "b")))
                .extract().path("nextPageToken");
        given(api).queryParam("max_results", 2).queryParam("next_page_token", token).get("/models").then().statusCode(200)
                .body("models.modelName", equalTo(List.of("c")))
                .body("nextPageToken", nullValue());
    }

    @Test
    void pageTokenNeverIssued_is400() {
        load("a", shared("sagemaker-linreg")).then().statusCode(200);

        for (String token : List.of("garbage", "%%%", "YWZ0ZXI6")) {
            given(api).queryParam("next_page_token", token).get("/models").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://edgeserve.io/problems/invalid-request"))
                    .body("detail", containsString("next_page_token"));
        }
    }

    @Test
    void describe_namesTheFloat16VariantDerivedOnFirstUse() {
        load("linreg", shared("sagemaker-linreg")).then().statusCode(200);

        given(api).get("/models/linreg").then().statusCode(200)
                .body("variants.precision", equalTo(List.of("float32")))
                .body("variantsDerivedOnFirstUse", equalTo(List.of("float16")));
        given(api).contentType("application/json").body("[[1, 2]]").header("X-Amzn-SageMaker-Custom-Attributes", "precision=float16")
                .post("/models/linreg/invoke").then().statusCode(200);
        given(api).get("/models/linreg").then().statusCode(200)
                .body("variants.precision", hasItems("float32", "float16"))
                .body("variantsDerivedOnFirstUse", equalTo(List.of()));
    }

    @Test
    void traversal_isRefused() {
        load("x", SharedModels.ROOT + "/sagemaker-linreg/../../../etc").then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/model-url-refused"))
                .body("detail", containsString("'..'"));
    }

    @Test
    void folderOutsideTheRoots_isRefused() {
        load("x", outsideRoot.toString()).then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/model-url-refused"))
                .body("detail", containsString("outside the allowed roots"));
    }

    @Test
    void linkInsideARootPointingOutOfIt_isRefused() {
        load("x", modelDir.resolve("escape").toString()).then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/model-url-refused"))
                .body("detail", containsString("outside the allowed roots"));
    }

    @Test
    void badBodies_are400() {
        given(api).contentType("application/json").body("{").post("/models").then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        given(api).contentType("application/json").body("{\"model_name\": \"x\"}").post("/models").then().statusCode(400)
                .body("detail", containsString("\"url\" is required"));
        given(api).contentType("application/json").body(Map.of("model_name", "../x", "url", shared("sagemaker-linreg")))
                .post("/models").then().statusCode(400).body("detail", containsString("model_name"));
        given(api).contentType("application/json").body(Map.of("model_name", "x", "url", "s3://bucket/model.tar.gz"))
                .post("/models").then().statusCode(400).body("detail", containsString("only absolute local paths"));
    }

    @Test
    void notAModel_is400WithTheReason() {
        load("data", SharedModels.ROOT.toString()).then().statusCode(400)
                .body("type", equalTo("https://edgeserve.io/problems/invalid-model"));
    }

    @Test
    void concurrentLoadUnloadAndInvokeOfOneName_staySafe() throws Exception {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int i = 0; i < 240; i++) {
                int kind = i % 3;
                work.add(pool.submit(() -> {
                    int status = switch (kind) {
                        case 0 -> load("race", shared("sagemaker-linreg")).statusCode();
                        case 1 -> given(api).delete("/models/race").statusCode();
                        default -> {
                            var response = given(api).contentType("application/json").body("[[1, 2]]").post("/models/race/invoke");
                            if (response.statusCode() == 200) {
                                assertThat(response.asString()).isEqualTo("[[4.9999918937683105]]");
                            }
                            yield response.statusCode();
                        }
                    };
                    statuses.add(status);
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).isSubsetOf(200, 404, 409, 503).contains(200);
        given(api).get("/ping").then().statusCode(200);
        given(api).delete("/models/race");
        load("race", shared("sagemaker-linreg")).then().statusCode(200);
        given(api).contentType("application/json").body("[[1, 2]]").post("/models/race/invoke").then().statusCode(200);
    }
}

package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.edgeserve.inference.precision.Float16ExportCommand;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** float32 and float16 variants on the real engine: selected by name suffix or custom attribute, and compared. */
class PrecisionVariantsTest extends LiveService {

    private static Path exports;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-precision-");
        Path models = SharedModels.linkedFolder(root.resolve("models"), "sagemaker-linreg", "cifar-resnet20-v1");
        exports = Files.createDirectories(root.resolve("exports"));
        registry.add("edgeserve.model-dir", models::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.models.allowed-roots", exports::toString);
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @Test
    void nameSuffix_selectsTheFloat16VariantAndTheResponseSaysSo() {
        float answer = given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg@float16")
                .contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200)
                .header(SageMakerHeaders.SERVED_PRECISION, "float16")
                .header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "precision=float16")
                .extract().jsonPath().getFloat("[0][0]");

        // float16 holds the weight 1.99999 as 2.0, so the answer moves from 4.99999 to about 5.0.
        assertThat(answer).isCloseTo(5.0f, org.assertj.core.data.Offset.offset(0.01f)).isNotEqualTo(4.9999919f);
    }

    @Test
    void customAttribute_selectsTheVariantAndIsEchoedWithIt() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg")
                .header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "trace=7,precision=float16").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200)
                .header(SageMakerHeaders.SERVED_PRECISION, "float16")
                .header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "trace=7,precision=float16");
    }

    @Test
    void defaultVariant_isFloat32AndSaysSo() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200)
                .header(SageMakerHeaders.SERVED_PRECISION, "float32")
                .header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "precision=float32")
                .body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void invokePath_acceptsTheSuffixToo() {
        given(api).contentType("application/json").body("[[1, 2]]")
                .post("/models/sagemaker-linreg@float16/invoke")
                .then().statusCode(200).header(SageMakerHeaders.SERVED_PRECISION, "float16");
    }

    @Test
    void unknownPrecision_is400() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg@bfloat16").contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("unknown precision 'bfloat16'"));
    }

    @Test
    void describe_listsTheLoadedVariants() {
        given(api).contentType("application/json").body("[[1, 2]]").post("/models/sagemaker-linreg@float16/invoke").then().statusCode(200);

        given(api).get("/models/sagemaker-linreg").then().statusCode(200)
                .body("defaultPrecision", equalTo("float32"))
                .body("variants.precision", hasItems("float32", "float16"))
                .body("variants.find { it.precision == 'float16' }.parameterBytesInMemory", equalTo(6))
                // parameters, the float32 copies behind the casts, and the executor kept for shape (1, 2): its three
                // largest arrays (float16: the cast weight (1, 2), the cast bias and an output (1, 1); float32: two
                // outputs (1, 1))
                .body("variants.find { it.precision == 'float16' }.memoryBytesWhileServing", equalTo(6 + 12 + 16))
                .body("variants.find { it.precision == 'float32' }.memoryBytesWhileServing", equalTo(12 + 8));
    }

    @Test
    void precisionCheck_onTheHundredCifarTiles_agreesOnTop1() throws IOException {
        List<Path> tiles;
        try (Stream<Path> files = Files.list(SharedModels.DATA.resolve("cifar10-samples"))) {
            tiles = files.filter(file -> file.getFileName().toString().matches("[a-z]+_\\d\\.png")).sorted().toList();
        }
        float[] batch = new float[tiles.size() * 3 * 32 * 32];
        for (int i = 0; i < tiles.size(); i++) {
            float[] pixels = SharedModels.cifarPixels(tiles.get(i));
            System.arraycopy(pixels, 0, batch, i * pixels.length, pixels.length);
        }

        Map<String, Object> report = given(api).contentType("application/x-npy")
                .body(SharedModels.npy(new long[] {tiles.size(), 3, 32, 32}, batch))
                .post("/models/cifar-resnet20-v1/precision-check")
                .then().statusCode(200).extract().jsonPath().getMap("$");

        assertThat(tiles).hasSize(100);
        assertThat(((Number) report.get("rows")).intValue()).isEqualTo(100);
        assertThat(((Number) report.get("top1Agreements")).intValue()).isGreaterThanOrEqualTo(99);
        assertThat(((Number) report.get("maxAbsDifference")).doubleValue()).isLessThan(0.1);
    }

    @Test
    void exportedFloat16Folder_isServedAsItIs() {
        Path out = exports.resolve("resnet20-fp16");
        int status = Float16ExportCommand.run(new String[] {SharedModels.model("cifar-resnet20-v1").toString(), out.toString()});
        assertThat(status).isZero();
        float[] airplane = SharedModels.cifarPixels(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));

        given(api).contentType("application/json")
                .body(Map.of("model_name", "resnet20-fp16", "url", out.toString()))
                .post("/models").then().statusCode(200)
                .body("defaultPrecision", equalTo("float16"))
                .body("variants[0].precision", equalTo("float16"));
        List<List<Float>> rows = given(api).header(SageMakerHeaders.TARGET_MODEL, "resnet20-fp16")
                .contentType("application/x-npy").body(SharedModels.npy(new long[] {1, 3, 32, 32}, airplane))
                .post("/invocations").then().statusCode(200)
                .header(SageMakerHeaders.SERVED_PRECISION, "float16")
                .extract().jsonPath().getList("$");
        List<Float> logits = new ArrayList<>(rows.getFirst());
        assertThat(logits.indexOf(logits.stream().max(Float::compare).orElseThrow())).isZero();
    }
}

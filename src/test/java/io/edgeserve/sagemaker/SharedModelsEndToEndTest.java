package io.edgeserve.sagemaker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.edgeserve.LiveService;
import io.edgeserve.SharedModels;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SageMaker contract end to end, with the real MXNet engine on the shared models: the answers AWS's
 * own SageMaker MXNet container gives, and those the models' SOURCE.txt records.
 */
class SharedModelsEndToEndTest extends LiveService {

    private static Path modelDir;

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("edgeserve-e2e-");
        modelDir = SharedModels.linkedFolder(root.resolve("models"),
                "sagemaker-linreg", "sagemaker-mnist-mlp", "mnist-lenet", "cifar-resnet20-v1");
        Path archived = Files.createDirectories(modelDir.resolve("linreg-archive"));
        Files.createSymbolicLink(archived.resolve("model.tar.gz"), SharedModels.model("sagemaker-linreg").resolve("model.tar.gz"));
        registry.add("edgeserve.model-dir", modelDir::toString);
        registry.add("edgeserve.manifest-dir", SharedModels.MANIFESTS::toString);
        registry.add("edgeserve.work-dir", () -> root.resolve("work").toString());
    }

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @BeforeEach
    void healthy() {
        given(api).get("/ping").then().statusCode(200).body("status", equalTo("healthy"));
    }

    private RequestSpecification linreg() {
        return given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-linreg");
    }

    @Test
    void linregJson_givesAwsExpectedAnswer() {
        linreg().contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200)
                .contentType("application/json")
                .body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void linregThreeRows_giveTheRecordedValues() {
        String body = linreg().contentType("application/json").body("[[1, 2], [0, 0], [3, -1]]")
                .post("/invocations").then().statusCode(200).extract().asString();

        assertThat(body.replace(" ", "")).isEqualTo("[[4.9999918937683105],[2.4798819140414707e-06],[1.0000076293945312]]");
    }

    @Test
    void linregFromItsModelTarGz_givesTheSameAnswer() {
        given(api).header(SageMakerHeaders.TARGET_MODEL, "linreg-archive")
                .contentType("application/json").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void linregNpyRequest_givesTheSameAnswer() {
        linreg().contentType("application/x-npy").body(SharedModels.npy(new long[] {1, 2}, new float[] {1, 2}))
                .post("/invocations")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    @Test
    void linregCsvResponse_printsValuesAsTheContainerDoes() {
        linreg().contentType("text/csv").accept("text/csv").body("1,2\n0,0\n")
                .post("/invocations")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .body(equalTo("4.9999918937683105\n2.4798819140414707e-06\n"));
    }

    @Test
    void linregNpyResponse_holdsTheFloat32Result() {
        byte[] npy = linreg().contentType("application/json").accept("application/x-npy").body("[[1, 2]]")
                .post("/invocations").then().statusCode(200).contentType("application/x-npy").extract().asByteArray();

        assertThat(new String(npy, 1, 5)).isEqualTo("NUMPY");
        int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(npy, 10, headerLength);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (1, 1)");
        assertThat(ByteBuffer.wrap(npy, 10 + headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(4.999992f);
    }

    @Test
    void mnistMlpCsv_givesSevenForEveryRow() throws IOException {
        String csv = Files.readString(SharedModels.model("sagemaker-mnist-mlp").resolve("images/07.csv"));

        List<List<Float>> rows = given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-mnist-mlp")
                .contentType("text/csv").body(csv)
                .post("/invocations").then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(rows).hasSize(11).allSatisfy(row -> assertThat(argmax(row)).isEqualTo(7));
    }

    @Test
    void mnistMlpJson_givesNineForTheFour() throws IOException {
        String json = Files.readString(SharedModels.model("sagemaker-mnist-mlp").resolve("images/04.json"));

        List<List<Float>> rows = given(api).header(SageMakerHeaders.TARGET_MODEL, "sagemaker-mnist-mlp")
                .contentType("application/json").body(json)
                .post("/invocations").then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(argmax(rows.getFirst())).isEqualTo(9);
    }

    @Test
    void lenetEpochTen_readsTheThreeDigits() {
        for (String digit : List.of("0:digit0_djl.png", "4:digit4_sm.png", "7:digit7_sm.png")) {
            String[] parts = digit.split(":");
            float[] pixels = SharedModels.greyPixels(SharedModels.model("mnist-lenet").resolve("images").resolve(parts[1]));

            List<List<Float>> rows = given(api).header(SageMakerHeaders.TARGET_MODEL, "mnist-lenet")
                    .contentType("application/x-npy").body(SharedModels.npy(new long[] {1, 1, 28, 28}, pixels))
                    .post("/invocations").then().statusCode(200).extract().jsonPath().getList("$");

            assertThat(argmax(rows.getFirst())).as(parts[1]).isEqualTo(Integer.parseInt(parts[0]));
            assertThat(rows.getFirst().get(Integer.parseInt(parts[0]))).as(parts[1]).isGreaterThan(0.9999f);
        }
    }

    @Test
    void cifarResnet20_seesTheAirplaneWithTheRecordedProbability() {
        float[] pixels = SharedModels.cifarPixels(SharedModels.model("cifar-resnet20-v1").resolve("images/airplane1.png"));

        List<List<Float>> rows = given(api).header(SageMakerHeaders.TARGET_MODEL, "cifar-resnet20-v1")
                .contentType("application/x-npy").body(SharedModels.npy(new long[] {1, 3, 32, 32}, pixels))
                .post("/invocations").then().statusCode(200).extract().jsonPath().getList("$");

        double[] probabilities = softmax(rows.getFirst());
        assertThat(argmax(rows.getFirst())).isZero();
        assertThat(probabilities[0]).isCloseTo(0.9944959, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void customAttributesAndInferenceId_areEchoed() {
        linreg().contentType("application/json").header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "trace=abc")
                .header(SageMakerHeaders.INFERENCE_ID, "req-42").body("[[1, 2]]")
                .post("/invocations")
                .then().statusCode(200)
                .header(SageMakerHeaders.CUSTOM_ATTRIBUTES, "trace=abc,precision=float32")
                .header(SageMakerHeaders.INFERENCE_ID, "req-42")
                .header(SageMakerHeaders.SERVED_MODEL, "sagemaker-linreg");
    }

    @Test
    void multiModelInvoke_behavesAsInvocations() {
        given(api).contentType("application/json").body("[[1, 2]]")
                .post("/models/sagemaker-linreg/invoke")
                .then().statusCode(200).body(equalTo("[[4.9999918937683105]]"));
    }

    private static int argmax(List<? extends Number> row) {
        int best = 0;
        for (int i = 1; i < row.size(); i++) {
            if (row.get(i).doubleValue() > row.get(best).doubleValue()) {
                best = i;
            }
        }
        return best;
    }

    private static double[] softmax(List<? extends Number> logits) {
        double max = logits.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        double[] exp = logits.stream().mapToDouble(value -> Math.exp(value.doubleValue() - max)).toArray();
        double sum = java.util.Arrays.stream(exp).sum();
        return java.util.Arrays.stream(exp).map(value -> value / sum).toArray();
    }
}

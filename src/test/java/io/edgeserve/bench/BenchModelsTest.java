package io.edgeserve.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.SharedModels;
import io.edgeserve.codec.DecodedInput;
import io.edgeserve.codec.TensorCodec;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

/** The request bodies carry exactly the example the engine is measured on. */
class BenchModelsTest {

    @BeforeAll
    static void skipWithoutSharedModels() {
        SharedModels.assumePresent();
    }

    @ParameterizedTest
    @CsvSource({
        "cifar-resnet20-v1, application/x-npy", "cifar-resnet20-v1, application/json",
        "sagemaker-mnist-mlp, application/x-npy", "sagemaker-linreg, application/json"})
    void body_decodesToTheEngineExample(String model, String mediaType) throws IOException {
        byte[] body = BenchModels.body(model, MediaType.parseMediaType(mediaType));

        DecodedInput decoded =
                new TensorCodec().read(MediaType.parseMediaType(mediaType), new ByteArrayInputStream(body));

        Tensor sent = ((DecodedInput.Positional) decoded).tensors().getFirst();
        Tensor example = BenchModels.example(model);
        assertThat(sent.shape()).isEqualTo(example.shape());
        assertThat(sent.shape().rows()).isEqualTo(1);
        assertThat(sent.toFloatArray()).containsExactly(example.toFloatArray());
    }

    @ParameterizedTest
    @CsvSource({"sagemaker-linreg, 1", "sagemaker-linreg, 32", "cifar-resnet20-v1, 4"})
    void batchOf_stacksCopiesOfTheExample(String model, int rows) {
        Tensor example = BenchModels.example(model);

        Tensor batch = BenchModels.batchOf(example, rows);

        assertThat(batch.shape()).isEqualTo(Shape.ofRows(rows, example.shape().rowShape()));
        float[] values = batch.toFloatArray();
        int rowSize = (int) example.shape().rowSize();
        for (int row = 0; row < rows; row++) {
            assertThat(Arrays.copyOfRange(values, row * rowSize, (row + 1) * rowSize))
                    .containsExactly(example.toFloatArray());
        }
    }
}

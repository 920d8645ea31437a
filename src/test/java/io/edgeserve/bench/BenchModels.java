package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import io.edgeserve.codec.NamedTensor;
import io.edgeserve.codec.TensorCodec;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * The models the benchmark knows and one real example for each, the same in the engine's batches and in the
 * service's request bodies, so that both sides of every ratio run on the same numbers.
 */
final class BenchModels {

    static final List<String> ALL =
            List.of("cifar-resnet20-v1", "cifar-resnet56-v1", "sagemaker-mnist-mlp", "sagemaker-linreg");

    /**
     * The pictures a device could send a model whose manifest says how it takes pictures, by the name the report
     * gives them: its own example tile, and a camera's photo, which must be decoded from JPEG and resized. The
     * MNIST MLP has no such manifest: the service takes only tensors for it.
     */
    static Map<String, Path> pictures(String model) {
        requireKnown(model);
        Map<String, Path> pictures = new LinkedHashMap<>();
        if (model.startsWith("cifar-")) {
            pictures.put("PNG 32x32", SharedModels.model(model).resolve("images/airplane1.png"));
            pictures.put("JPEG 450x300", SharedModels.DATA.resolve("photos/kitten.jpg"));
        }
        return pictures;
    }

    private static final Map<String, Shape> ROW_SHAPES = Map.of(
            "cifar-resnet20-v1", Shape.of(3, 32, 32),
            "cifar-resnet56-v1", Shape.of(3, 32, 32),
            "sagemaker-mnist-mlp", Shape.of(1, 28, 28),
            "sagemaker-linreg", Shape.of(2));

    private BenchModels() {}

    /** @throws IllegalArgumentException naming the known models, for a name the benchmark has no example for */
    static void requireKnown(String model) {
        if (!ALL.contains(model)) {
            throw new IllegalArgumentException("no benchmark example for model '" + model + "'; known: " + ALL);
        }
    }

    /** One example of the model, as a one-row batch: a real image where the model takes images. */
    static Tensor example(String model) {
        requireKnown(model);
        float[] values = switch (model) {
            case "cifar-resnet20-v1", "cifar-resnet56-v1" ->
                    SharedModels.cifarPixels(SharedModels.model(model).resolve("images/airplane1.png"));
            case "sagemaker-mnist-mlp" ->
                    SharedModels.greyPixels(SharedModels.model(model).resolve("images/digit7_sm.png"));
            default -> new float[] {1, 2}; // AWS's own test input for the linear regression
        };
        return Tensor.ofFloats(Shape.ofRows(1, ROW_SHAPES.get(model)), values);
    }

    /** {@code rows} copies of the one-row example, stacked as the batcher would stack them. */
    static Tensor batchOf(Tensor example, int rows) {
        ByteBuffer row = example.data();
        ByteBuffer batch = ByteBuffer.allocate(Math.toIntExact(example.byteSize() * rows));
        for (int i = 0; i < rows; i++) {
            batch.put(row.duplicate());
        }
        return new Tensor(example.dataType(), example.shape().withRows(rows), batch.flip());
    }

    /** The example as a request body of {@code type}, written by the service's own codec as a client would send it. */
    static byte[] body(String model, MediaType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new TensorCodec().write(type, List.of(new NamedTensor("data", example(model))), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

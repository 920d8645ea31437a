package io.edgeserve.inference.precision;

import io.edgeserve.inference.format.MlpSymbol;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/** A two-layer perceptron checkpoint, {@code tiny-symbol.json} + {@code tiny-0000.params}, for tests that need files. */
final class TinyModel {

    static final String PREFIX = "tiny";
    static final MlpSymbol SYMBOL = new MlpSymbol(
            List.of(new MlpSymbol.FullyConnected("fc1", 3), new MlpSymbol.Activation("relu1", "relu"),
                    new MlpSymbol.FullyConnected("fc2", 2)),
            "softmax");

    private TinyModel() {}

    /** Writes the checkpoint into {@code dir} (created) with params of {@code type}; returns {@code dir}. */
    static Path write(Path dir, DataType type) throws IOException {
        Files.createDirectories(dir);
        SYMBOL.write(dir.resolve(PREFIX + "-symbol.json"));
        MxnetParams.write(dir.resolve(PREFIX + "-0000.params"), params(type));
        return dir;
    }

    static LinkedHashMap<String, Tensor> params(DataType type) {
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:fc1_weight", Tensor.ofFloats(Shape.of(3, 2), 1, 0, 0, 1, -1, -1).cast(type));
        params.put("arg:fc1_bias", Tensor.ofFloats(Shape.of(3), 0, 0.5f, 2).cast(type));
        params.put("arg:fc2_weight", Tensor.ofFloats(Shape.of(2, 3), 1, 0, -1, 0, 1, 1).cast(type));
        params.put("arg:fc2_bias", Tensor.ofFloats(Shape.of(2), 0.25f, -0.25f).cast(type));
        return params;
    }
}

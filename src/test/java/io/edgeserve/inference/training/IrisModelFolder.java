package io.edgeserve.inference.training;

import io.edgeserve.inference.format.MlpSymbol;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SequencedMap;

/**
 * The files of the served Iris model, {@code models/iris/}: an MXNet checkpoint (prefix {@code iris}, epoch 0),
 * its labels and edgeserve's manifest. Everything but the parameters is fixed by this class, so a folder written
 * today can be compared byte for byte with the committed one.
 */
public final class IrisModelFolder {

    public static final String PREFIX = "iris";
    public static final String SYMBOL_FILE = PREFIX + "-symbol.json";
    public static final String PARAMS_FILE = PREFIX + "-0000.params";
    public static final String LABELS_FILE = "synset.txt";
    public static final String MANIFEST_FILE = "edgeserve.json";

    /** data (N,4) cm → fc1 (16) → relu → fc2 (3) → softmax, the graph the trainer's block computes. */
    public static final MlpSymbol SYMBOL = new MlpSymbol(
            List.of(new MlpSymbol.FullyConnected("fc1", IrisTrainer.HIDDEN_UNITS),
                    new MlpSymbol.Activation("relu1", "relu"),
                    new MlpSymbol.FullyConnected("fc2", IrisDataset.SPECIES.size())),
            "softmax");

    // The lead's documented manifest format, field for field.
    private static final String MANIFEST = """
            {
              "prefix": "iris",
              "epoch": 0,
              "description": "Iris species from four flower measurements in centimetres; trained by edgeserve's IrisTrainer",
              "inputs": [{"name": "data", "shape": [-1, 4], "dtype": "float32"}],
              "outputs": [{"name": "softmax"}],
              "labels": "synset.txt"
            }
            """;

    private IrisModelFolder() {}

    /** Writes the five files into {@code dir}, creating it; {@code params} keys are {@code arg:fc1_weight}... */
    public static void write(Path dir, SequencedMap<String, Tensor> params) throws IOException {
        List<String> expectedKeys = SYMBOL.parameterNames().stream().map(name -> "arg:" + name).toList();
        if (!List.copyOf(params.keySet()).equals(expectedKeys)) {
            throw new IllegalArgumentException(
                    "params " + params.keySet() + " do not match the graph's " + expectedKeys);
        }
        Files.createDirectories(dir);
        SYMBOL.write(dir.resolve(SYMBOL_FILE));
        MxnetParams.write(dir.resolve(PARAMS_FILE), params);
        Files.writeString(dir.resolve(LABELS_FILE), labels(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MANIFEST_FILE), manifest(), StandardCharsets.UTF_8);
    }

    public static String labels() {
        return String.join("\n", IrisDataset.SPECIES) + "\n";
    }

    public static String manifest() {
        return MANIFEST;
    }
}

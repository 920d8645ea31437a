package io.edgeserve.model;

import java.util.List;

/**
 * The optional per-model manifest, {@code edgeserve.json} in a model folder (or {@code NAME.json} in the
 * configured manifest folder, for read-only model folders). A model is named after its folder. Every field is optional; what is absent is
 * inferred from the files (see docs/models.md). Unknown fields are refused, so that a typo is an error
 * rather than a silently ignored setting.
 *
 * @param prefix      the file prefix of {@code PREFIX-symbol.json} and {@code PREFIX-NNNN.params}
 * @param epoch       which {@code .params} epoch to load; defaults to the highest present
 * @param description free text shown by {@code GET /models/NAME}
 * @param inputs      input names, shapes (first dimension -1: any number of rows) and types
 * @param outputs     output names, in the graph's order
 * @param labels      class labels: a file in the model folder (one label a line) or the labels themselves
 * @param batching    this model's batching settings, each overriding the global {@code edgeserve.batching.*}
 * @param defaultPrecision the variant requests get when they name none: {@code float32} or {@code float16}
 * @param image       how pictures are made into the model's input, for models that take JPEG and PNG bodies
 * @param scores      what a classifier's first output holds; {@link Scores#PROBABILITIES} when absent
 * @param maxShapes   the distinct input shapes this model keeps an executor for, overriding
 *                    {@code edgeserve.models.max-shapes}
 * @param capture     this model's data capture settings, each overriding the global {@code edgeserve.capture.*}
 */
public record ModelManifest(
        String prefix,
        Integer epoch,
        String description,
        List<TensorSpec> inputs,
        List<OutputSpec> outputs,
        Labels labels,
        BatchingOverrides batching,
        String defaultPrecision,
        ImageSpec image,
        Scores scores,
        Integer maxShapes,
        CaptureOverrides capture) {

    /** The manifest of a folder that has none. */
    public static final ModelManifest EMPTY = new ModelManifest(null, null, null, null, null, null);

    public ModelManifest {
        if (defaultPrecision != null && !defaultPrecision.equals("float32") && !defaultPrecision.equals("float16")) {
            throw new IllegalArgumentException("\"defaultPrecision\" is float32 or float16, not \"" + defaultPrecision + "\"");
        }
        inputs = inputs == null ? null : List.copyOf(inputs);
        outputs = outputs == null ? null : List.copyOf(outputs);
        if (maxShapes != null && maxShapes < 1) {
            throw new IllegalArgumentException("\"maxShapes\" must be at least 1, was " + maxShapes);
        }
    }

    /** A manifest with only the fields that describe the files and the signature. */
    public ModelManifest(String prefix, Integer epoch, String description, List<TensorSpec> inputs,
                         List<OutputSpec> outputs, Labels labels) {
        this(prefix, epoch, description, inputs, outputs, labels, null, null, null, null, null, null);
    }

    /** A manifest without a shape cap or capture settings. */
    public ModelManifest(String prefix, Integer epoch, String description, List<TensorSpec> inputs,
                         List<OutputSpec> outputs, Labels labels, BatchingOverrides batching, String defaultPrecision,
                         ImageSpec image, Scores scores) {
        this(prefix, epoch, description, inputs, outputs, labels, batching, defaultPrecision, image, scores, null, null);
    }

    /** True where the classifier's first output must go through softmax to read as probabilities. */
    public boolean scoresAreLogits() {
        return scores == Scores.LOGITS;
    }

    /** An output's name as clients see it (the key of a JSON answer with several outputs). */
    public record OutputSpec(String name) {}

    /**
     * Per-model batching settings; a null field keeps the global default. Durations are written as Spring
     * durations ({@code "5ms"}, {@code "30s"}).
     */
    public record BatchingOverrides(Integer maxBatchSize, java.time.Duration maxDelay, List<Integer> preferredBatchSizes,
                                    Integer queueCapacity, java.time.Duration timeout, Integer workers) {
        public BatchingOverrides {
            preferredBatchSizes = preferredBatchSizes == null ? null : List.copyOf(preferredBatchSizes);
        }
    }

    /**
     * Per-model data capture settings; a null field keeps the global {@code edgeserve.capture.*} value. The mode
     * is {@code "input"}, {@code "output"} or {@code "both"}; the size a Spring data size ({@code "64KB"}).
     */
    public record CaptureOverrides(Boolean enabled, Double samplingPercentage, String mode,
                                   org.springframework.util.unit.DataSize maxBodySize) {
        public CaptureOverrides {
            if (samplingPercentage != null && !(samplingPercentage >= 0 && samplingPercentage <= 100)) {
                throw new IllegalArgumentException("\"capture.samplingPercentage\" must be within 0 and 100");
            }
            if (mode != null && !java.util.Set.of("input", "output", "both").contains(mode)) {
                throw new IllegalArgumentException("\"capture.mode\" is \"input\", \"output\" or \"both\", not \""
                        + mode + "\"");
            }
        }
    }

    /** What a classifier's first output holds, one value per class label. */
    public enum Scores {
        /** Raw scores; softmax turns them into probabilities (GluonCV's models end this way). */
        LOGITS,
        /** Probabilities already, as graphs ending in {@code SoftmaxOutput} or {@code softmax} give. */
        PROBABILITIES
    }

    /** Class labels, either named by file or listed inline; a JSON string or array in the manifest. */
    public record Labels(String file, List<String> values) {
        public Labels {
            values = values == null ? null : List.copyOf(values);
        }
    }
}

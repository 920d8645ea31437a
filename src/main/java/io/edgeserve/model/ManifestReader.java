package io.edgeserve.model;

import io.edgeserve.model.ModelManifest.Labels;
import io.edgeserve.model.ModelManifest.OutputSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads manifests, SageMaker's {@code model-shapes.json} and label files. A manifest is looked up first in
 * the configured manifest folder as {@code NAME.json} (so that read-only model folders can be described),
 * then as {@code edgeserve.json} in the model folder. Errors name the file and the field.
 */
public final class ManifestReader {

    private static final Set<String> FIELDS = Set.of("prefix", "epoch", "description", "inputs", "outputs", "labels",
            "batching", "defaultPrecision", "image", "scores", "maxShapes", "capture");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHAPE_FORM =
            "\"inputs[].shape\" must be a list of whole numbers: sizes, -1, or {\"min\": N, \"max\": M}";

    private final Path manifestDir;

    /** @param manifestDir a folder of {@code NAME.json} manifests, or null */
    public ManifestReader(Path manifestDir) {
        this.manifestDir = manifestDir;
    }

    /** The manifest for the model {@code name} in {@code dir}, or {@link ModelManifest#EMPTY}. */
    public ModelManifest manifestFor(String name, Path dir) {
        if (manifestDir != null) {
            Path external = manifestDir.resolve(name + ".json");
            if (Files.isRegularFile(external)) {
                return read(external);
            }
        }
        Path inside = dir.resolve(ModelFolder.MANIFEST_FILE);
        return Files.isRegularFile(inside) ? read(inside) : ModelManifest.EMPTY;
    }

    /** Parses one manifest file. */
    public static ModelManifest read(Path file) {
        try {
            return parse(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (JacksonException e) {
            throw new InvalidModelException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file.getFileName() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Parses a manifest given as a JSON tree, e.g. inside a {@code POST /models} body. */
    public static ModelManifest parse(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("a manifest is a JSON object");
        }
        requireKnownFields(root, FIELDS, "");
        List<TensorSpec> inputs = root.has("inputs") ? inputs(root.get("inputs")) : null;
        return new ModelManifest(
                text(root, "prefix"),
                root.has("epoch") ? intValue(root.get("epoch"), "epoch") : null,
                text(root, "description"),
                inputs,
                root.has("outputs") ? outputs(root.get("outputs")) : null,
                root.has("labels") ? labels(root.get("labels")) : null,
                root.has("batching") ? batching(root.get("batching")) : null,
                text(root, "defaultPrecision"),
                root.has("image") ? ImageSection.parse(root.get("image"), inputs) : null,
                root.has("scores") ? scores(text(root, "scores")) : null,
                root.has("maxShapes") ? intValue(root.get("maxShapes"), "maxShapes") : null,
                root.has("capture") ? capture(root.get("capture")) : null);
    }

    static void requireKnownFields(JsonNode object, Set<String> known, String prefix) {
        for (String field : object.propertyNames()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException("unknown field \"" + prefix + field + "\"; known fields are "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static ModelManifest.Scores scores(String text) {
        return switch (text == null ? "" : text) {
            case "logits" -> ModelManifest.Scores.LOGITS;
            case "probabilities" -> ModelManifest.Scores.PROBABILITIES;
            default -> throw new IllegalArgumentException("\"scores\" must be \"logits\" or \"probabilities\"");
        };
    }

    /**
     * Input shapes from SageMaker's {@code model-shapes.json}: {@code [{"name": "data", "shape": [1, 2]}]}.
     * The first dimension is the batch size the model was saved with and is not enforced.
     */
    public static Optional<List<TensorSpec>> readShapes(Path dir, String prefix) {
        Optional<Path> file = ModelFolder.shapesFile(dir, prefix);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file.get(), StandardCharsets.UTF_8));
            if (!root.isArray()) {
                throw new IllegalArgumentException("expected a list of {\"name\", \"shape\"} objects");
            }
            List<TensorSpec> specs = new ArrayList<>();
            for (JsonNode entry : root) {
                specs.add(new TensorSpec(text(entry, "name"), longs(entry.get("shape"), "shape"), null));
            }
            return Optional.of(specs);
        } catch (JacksonException e) {
            throw new InvalidModelException(file.get().getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file.get().getFileName() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(file.get().getFileName() + ": " + e.getMessage());
        }
    }

    /** The class labels of a model: inline in the manifest, in the file it names, or in {@code synset.txt}. */
    public static List<String> classLabels(Path dir, ModelManifest manifest) {
        Labels labels = manifest.labels();
        if (labels != null && labels.values() != null) {
            return labels.values();
        }
        Path file;
        try {
            file = dir.resolve(labels != null ? labels.file() : "synset.txt").normalize();
        } catch (InvalidPathException e) {
            throw new InvalidModelException("the labels file '" + labels.file() + "' is not a valid file name");
        }
        if (!file.startsWith(dir.normalize())) {
            throw new InvalidModelException("the labels file must be inside the model folder");
        }
        if (!Files.isRegularFile(file)) {
            if (labels != null) {
                throw new InvalidModelException("the manifest names labels file '" + labels.file() + "', which is missing");
            }
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new InvalidModelException("cannot read labels file " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private static List<TensorSpec> inputs(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"inputs\" is a list of {\"name\", \"shape\", \"dtype\"} objects");
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (JsonNode input : node) {
            List<Long> shape = null;
            List<TensorSpec.Bounds> bounds = null;
            if (input.has("shape")) {
                JsonNode dims = input.get("shape");
                if (!dims.isArray()) {
                    throw new IllegalArgumentException(SHAPE_FORM);
                }
                shape = new ArrayList<>();
                bounds = new ArrayList<>();
                for (JsonNode dim : dims) {
                    if (dim.isObject()) {
                        requireKnownFields(dim, Set.of("min", "max"), "inputs[].shape[].");
                        if (!dim.has("min") || !dim.has("max")) {
                            throw new IllegalArgumentException("a bounded dimension is {\"min\": N, \"max\": M}");
                        }
                        shape.add(-1L);
                        bounds.add(new TensorSpec.Bounds(dimension(dim.get("min")), dimension(dim.get("max"))));
                    } else {
                        shape.add(dimension(dim));
                        bounds.add(null);
                    }
                }
            }
            inputs.add(new TensorSpec(text(input, "name"), shape, text(input, "dtype"), bounds));
        }
        return inputs;
    }

    /** A size, -1 or a bound: a whole number a long holds. */
    private static long dimension(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(SHAPE_FORM);
        }
        return node.asLong();
    }

    private static List<OutputSpec> outputs(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"outputs\" is a list of {\"name\"} objects");
        }
        List<OutputSpec> outputs = new ArrayList<>();
        for (JsonNode output : node) {
            outputs.add(new OutputSpec(text(output, "name")));
        }
        return outputs;
    }

    private static Labels labels(JsonNode node) {
        if (node.isString()) {
            return new Labels(node.asString(), null);
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode label : node) {
                if (!label.isString()) {
                    throw new IllegalArgumentException("\"labels\" must be a file name or a list of strings");
                }
                values.add(label.asString());
            }
            return new Labels(null, values);
        }
        throw new IllegalArgumentException("\"labels\" must be a file name or a list of strings");
    }

    private static final Set<String> BATCHING_FIELDS =
            Set.of("maxBatchSize", "maxDelay", "preferredBatchSizes", "queueCapacity", "timeout", "workers");

    private static ModelManifest.BatchingOverrides batching(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"batching\" is an object with any of " + BATCHING_FIELDS);
        }
        requireKnownFields(node, BATCHING_FIELDS, "batching.");
        List<Integer> preferred = null;
        if (node.has("preferredBatchSizes")) {
            preferred = ints(node.get("preferredBatchSizes"), "batching.preferredBatchSizes");
        }
        return new ModelManifest.BatchingOverrides(
                node.has("maxBatchSize") ? intValue(node.get("maxBatchSize"), "batching.maxBatchSize") : null,
                node.has("maxDelay") ? duration(node.get("maxDelay"), "batching.maxDelay") : null,
                preferred,
                node.has("queueCapacity") ? intValue(node.get("queueCapacity"), "batching.queueCapacity") : null,
                node.has("timeout") ? duration(node.get("timeout"), "batching.timeout") : null,
                node.has("workers") ? intValue(node.get("workers"), "batching.workers") : null);
    }

    private static final Set<String> CAPTURE_FIELDS = Set.of("enabled", "samplingPercentage", "mode", "maxBodySize");

    private static ModelManifest.CaptureOverrides capture(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"capture\" is an object with any of " + CAPTURE_FIELDS);
        }
        requireKnownFields(node, CAPTURE_FIELDS, "capture.");
        JsonNode enabled = node.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw new IllegalArgumentException("\"capture.enabled\" must be true or false");
        }
        JsonNode percentage = node.get("samplingPercentage");
        if (percentage != null && !percentage.isNumber()) {
            throw new IllegalArgumentException("\"capture.samplingPercentage\" must be a number from 0 to 100");
        }
        org.springframework.util.unit.DataSize maxBodySize = null;
        if (node.has("maxBodySize")) {
            try {
                maxBodySize = org.springframework.util.unit.DataSize.parse(node.get("maxBodySize").asString());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("\"capture.maxBodySize\" must be a size such as \"64KB\"");
            }
        }
        return new ModelManifest.CaptureOverrides(enabled != null ? enabled.asBoolean() : null,
                percentage != null ? percentage.asDouble() : null, text(node, "mode"), maxBodySize);
    }

    private static java.time.Duration duration(JsonNode node, String field) {
        if (!node.isString()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a duration such as \"5ms\" or \"30s\"");
        }
        try {
            return org.springframework.boot.convert.DurationStyle.detectAndParse(node.asString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" must be a duration such as \"5ms\" or \"30s\", not \""
                    + node.asString() + "\"");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asString();
    }

    private static int intValue(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number >= 0");
        }
        return node.asInt();
    }

    private static List<Long> longs(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a list of whole numbers");
        }
        List<Long> values = new ArrayList<>();
        for (Iterator<JsonNode> it = node.iterator(); it.hasNext(); ) {
            JsonNode value = it.next();
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new IllegalArgumentException("\"" + field + "\" must be a list of whole numbers");
            }
            values.add(value.asLong());
        }
        return values;
    }

    private static List<Integer> ints(JsonNode node, String field) {
        List<Integer> values = new ArrayList<>();
        for (long value : longs(node, field)) {
            if (value != (int) value) {
                throw new IllegalArgumentException("\"" + field + "\" must be a list of whole numbers below 2^31");
            }
            values.add((int) value);
        }
        return values;
    }
}

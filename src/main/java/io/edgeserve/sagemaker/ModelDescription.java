package io.edgeserve.sagemaker;

import io.edgeserve.model.ModelSignature;
import io.edgeserve.model.TensorSpec;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.ServedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /models/{name}} says of a model: SageMaker's {@code modelName} and {@code modelUrl}, and
 * what an operator needs besides: state, signature, sizes and timings. {@code modelUrl} is absolute, so that it
 * can be given back to {@code POST /models}; {@code variantsDerivedOnFirstUse} names the precisions that are not
 * loaded yet but that a request may ask for (float16, derived from the float32 weights on its first request).
 */
public record ModelDescription(
        String modelName,
        String modelUrl,
        String state,
        String reason,
        boolean fromModelFolder,
        String prefix,
        Integer epoch,
        List<Input> inputs,
        List<String> outputs,
        List<String> labels,
        Long paramsBytesOnDisk,
        Long parameterBytesInMemory,
        Instant loadedAt,
        Long loadTimeMillis,
        Long idleMillis,
        Integer queueDepth,
        String defaultPrecision,
        List<Variant> variants,
        List<String> variantsDerivedOnFirstUse) {

    /** One input: its name, shape with {@code -1} for the batch (null: set by each request) and type. */
    public record Input(String name, List<Long> shape, String dtype) {}

    /**
     * One loaded precision variant: what its parameters take, what it takes in memory while serving (float16
     * weights add the float32 copies MXNet keeps behind their casts), and its queue.
     */
    public record Variant(String precision, long parameterBytesInMemory, long memoryBytesWhileServing, int queueDepth) {}

    static ModelDescription of(ModelEntry entry, List<Precision> derivedOnFirstUse) {
        ModelEntry.Snapshot snapshot = entry.snapshot();
        String url = entry.location().path().toString();
        ServedModel served = snapshot.served();
        if (served == null) {
            return new ModelDescription(entry.name(), url, snapshot.state().label(),
                    snapshot.reason(), entry.configured(), null, null, null, null, null, null, null, null, null, null, null, null,
                    List.of(), List.of());
        }
        ModelSignature signature = served.signature();
        List<Input> inputs = signature.inputs().stream().map(ModelDescription::input).toList();
        return new ModelDescription(entry.name(), url, snapshot.state().label(), null,
                entry.configured(), served.files().prefix(), served.files().epoch(), inputs, signature.outputs(),
                signature.classLabels(), sizeOf(served), served.parameterBytes(), snapshot.loadedAt(),
                snapshot.loadTime().toMillis(), (System.nanoTime() - entry.lastUsedNanos()) / 1_000_000, served.queueDepth(),
                snapshot.defaultPrecision().label(), snapshot.variants().values().stream()
                        .map(variant -> new Variant(variant.precision().label(), variant.parameterBytes(), variant.memoryBytes(),
                                variant.queueDepth()))
                        .toList(),
                derivedOnFirstUse.stream().map(Precision::label).toList());
    }

    private static Input input(TensorSpec spec) {
        List<Long> shape = spec.shape() == null ? null
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(-1L), spec.shape().stream().skip(1)).toList();
        return new Input(spec.name(), shape, spec.dataType().numpyName());
    }

    private static Long sizeOf(ServedModel served) {
        try {
            return Files.size(served.files().paramsFile());
        } catch (IOException e) {
            return null;
        }
    }
}

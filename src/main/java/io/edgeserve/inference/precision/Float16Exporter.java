package io.edgeserve.inference.precision;

import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.tensor.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@link Float16Variant} of a float32 model folder as a model folder of its own, which edgeserve serves as
 * it is. Its rule: the variant keeps the source's prefix and epoch, so that a copied manifest naming them
 * ({@code edgeserve.json}) stays true and tools that look for the same file names find them.
 *
 * <p>Beside the checkpoint it copies the files that describe the model rather than its weights: {@code synset.txt},
 * {@code model-shapes.json}, {@code edgeserve.json} and a labels file the manifest names. It copies nothing else: a
 * {@code model.tar.gz} or another epoch would hold the float32 weights again.
 */
public final class Float16Exporter {

    public static final List<String> COMPANION_FILES =
            List.of("synset.txt", "model-shapes.json", MxnetCheckpoint.MANIFEST_FILE);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Float16Exporter() {}

    /** Exports the checkpoint {@link MxnetCheckpoint#locate} finds in {@code modelDir}. */
    public static Float16Export export(Path modelDir, Path outDir) throws IOException {
        return export(MxnetCheckpoint.locate(modelDir), outDir);
    }

    /**
     * @param outDir a folder that does not exist or is empty; it is created
     * @throws IOException if a file cannot be read or written, or {@code outDir} holds files already (a stale
     *     checkpoint there could be served instead of ours)
     * @throws IllegalArgumentException if the model's params are not all float32, or its graph does not match them
     */
    public static Float16Export export(MxnetCheckpoint source, Path outDir) throws IOException {
        requireEmpty(outDir);
        Float16Variant variant = Float16Variant.derive(
                Files.readString(source.symbolFile(), StandardCharsets.UTF_8), MxnetParams.read(source.paramsFile()));
        MxnetCheckpoint target = source.in(outDir);
        Files.createDirectories(outDir);
        Files.writeString(target.symbolFile(), variant.symbolJson(), StandardCharsets.UTF_8);
        MxnetParams.write(target.paramsFile(), variant.params());
        List<Path> copied = new ArrayList<>();
        for (String name : companionFiles(source.dir())) {
            copied.add(Files.copy(source.dir().resolve(name), outDir.resolve(name)));
        }
        int float16Count = (int) variant.params().values().stream()
                .filter(tensor -> tensor.dataType() == DataType.FLOAT16).count();
        return new Float16Export(source, target, Files.size(source.paramsFile()), Files.size(target.paramsFile()),
                float16Count, copied);
    }

    private static Set<String> companionFiles(Path dir) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String name : COMPANION_FILES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                names.add(name);
            }
        }
        Path manifest = dir.resolve(MxnetCheckpoint.MANIFEST_FILE);
        if (Files.isRegularFile(manifest)) {
            manifestLabelsFile(manifest).ifPresent(names::add);
        }
        return names;
    }

    // "labels" is either a list of labels or the name of a file beside the manifest; only a plain name is copied.
    private static Optional<String> manifestLabelsFile(Path manifest) throws IOException {
        JsonNode labels;
        try {
            labels = JSON.readTree(manifest.toFile()).path("labels");
        } catch (JacksonException e) {
            throw new IOException(manifest + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!labels.isString()) {
            return Optional.empty();
        }
        Path name = Path.of(labels.asString()).normalize();
        boolean plainName = name.getNameCount() == 1 && !name.isAbsolute() && !name.toString().equals("..");
        if (!plainName || !Files.isRegularFile(manifest.resolveSibling(name))) {
            throw new IOException(manifest + " names labels file '" + labels.asString() + "', which is not a file "
                    + "in the model folder");
        }
        return Optional.of(name.toString());
    }

    private static void requireEmpty(Path outDir) throws IOException {
        if (!Files.exists(outDir)) {
            return;
        }
        if (!Files.isDirectory(outDir)) {
            throw new IOException(outDir + " exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(outDir)) {
            if (entries.findAny().isPresent()) {
                throw new IOException(outDir + " is not empty; export into a new or empty folder");
            }
        }
    }
}

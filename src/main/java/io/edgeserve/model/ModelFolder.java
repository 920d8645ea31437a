package io.edgeserve.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Recognises the model layouts edgeserve serves, without loading anything:
 * <ol>
 *   <li>SageMaker's MXNet layout: {@code model-symbol.json}, {@code model-0000.params}, {@code model-shapes.json};
 *   <li>a Gluon or Module export: {@code PREFIX-symbol.json} and {@code PREFIX-NNNN.params} (highest epoch);
 *   <li>a folder of such folders, each a model named after its subfolder;
 *   <li>a folder holding only {@code model.tar.gz}, unpacked (safely) and then read as above;
 * </ol>
 * and any of these in numbered version folders, {@code NAME/1/}, {@code NAME/2/}: versions of one model.
 */
public final class ModelFolder {

    public static final String MANIFEST_FILE = "edgeserve.json";
    public static final String ARCHIVE_FILE = "model.tar.gz";
    /** Between a model's name and its version: {@code iris:2}. */
    public static final String VERSION_SEPARATOR = ":";
    private static final String SYMBOL_SUFFIX = "-symbol.json";
    private static final Pattern PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

    private ModelFolder() {}

    /**
     * The models under {@code root}: the root itself where it is a model (as {@code /opt/ml/model} is on
     * SageMaker), otherwise each subfolder that is one, sorted by name. Other entries are ignored.
     */
    public static List<ModelLocation> discover(Path root) throws IOException {
        if (isModel(root)) {
            return List.of(new ModelLocation(root.getFileName().toString(), root));
        }
        List<ModelLocation> versions = versionsOf(root.getFileName().toString(), root);
        if (!versions.isEmpty()) {
            return versions;
        }
        List<ModelLocation> found = new ArrayList<>();
        for (Path child : children(root)) {
            String name = child.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (isModel(child)) {
                found.add(new ModelLocation(name, child));
            } else {
                found.addAll(versionsOf(name, child));
            }
        }
        return found;
    }

    /**
     * A model kept in numbered version folders ({@code NAME/1/}, {@code NAME/2/}), as TensorFlow Serving keeps
     * them: each version is a model named {@code NAME:VERSION}, in version order.
     */
    private static List<ModelLocation> versionsOf(String name, Path dir) throws IOException {
        TreeMap<Long, Path> versions = new TreeMap<>();
        for (Path child : children(dir)) {
            String version = child.getFileName().toString();
            if (version.matches("\\d{1,9}") && isModel(child)) {
                versions.put(Long.parseLong(version), child);
            }
        }
        List<ModelLocation> found = new ArrayList<>();
        versions.forEach((version, path) -> found.add(new ModelLocation(name + VERSION_SEPARATOR + version, path)));
        return found;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    /**
     * True where {@code dir} looks meant as a model: it holds a symbol, a params file, a manifest or an
     * archive. A folder with params but no symbol counts, so that it is reported as broken, not ignored.
     */
    public static boolean isModel(Path dir) {
        return Files.isDirectory(dir) && list(dir).stream().map(file -> file.getFileName().toString()).anyMatch(name ->
                name.endsWith(SYMBOL_SUFFIX) || name.endsWith(".params") || name.equals(MANIFEST_FILE) || name.equals(ARCHIVE_FILE));
    }

    /** True where the folder's model is still packed in {@code model.tar.gz}. */
    public static boolean isArchive(Path dir) {
        return symbolPrefixes(dir).isEmpty() && Files.isRegularFile(dir.resolve(ARCHIVE_FILE));
    }

    /**
     * Reads an unpacked model folder: which prefix and epoch to load and what the manifest says.
     *
     * @param name     the model's name
     * @param dir      the folder with the symbol and params files
     * @param manifest the manifest that applies (see {@link ManifestReader}), or {@link ModelManifest#EMPTY}
     * @throws InvalidModelException naming what is missing or ambiguous
     */
    public static ModelFiles read(String name, Path dir, ModelManifest manifest) {
        List<String> prefixes = symbolPrefixes(dir).stream().filter(prefix -> !prefix.endsWith(ModelFiles.FLOAT16_SUFFIX)).toList();
        if (prefixes.isEmpty() && manifest.prefix() == null && !symbolPrefixes(dir).isEmpty()) {
            prefixes = symbolPrefixes(dir);
        }
        String prefix = manifest.prefix();
        if (prefix == null) {
            if (prefixes.isEmpty()) {
                throw new InvalidModelException("no *-symbol.json file in the model folder");
            }
            if (prefixes.size() > 1) {
                prefix = prefixes.contains("model") ? "model" : null;
                if (prefix == null) {
                    throw new InvalidModelException("several symbol files " + prefixes
                            + ": name the one to serve with \"prefix\" in " + MANIFEST_FILE);
                }
            } else {
                prefix = prefixes.getFirst();
            }
        } else if (!Files.isRegularFile(dir.resolve(prefix + SYMBOL_SUFFIX))) {
            throw new InvalidModelException("the manifest names prefix '" + prefix + "' but there is no "
                    + prefix + SYMBOL_SUFFIX);
        }
        TreeMap<Integer, Path> epochs = paramsEpochs(dir, prefix);
        int epoch;
        if (manifest.epoch() != null) {
            epoch = manifest.epoch();
            if (!epochs.containsKey(epoch)) {
                throw new InvalidModelException("the manifest names epoch " + epoch + " but there is no "
                        + String.format("%s-%04d.params", prefix, epoch) + "; epochs present: " + epochs.keySet());
            }
        } else if (epochs.isEmpty()) {
            throw new InvalidModelException("no " + prefix + "-NNNN.params file beside " + prefix + SYMBOL_SUFFIX);
        } else {
            epoch = epochs.lastKey();
        }
        return new ModelFiles(name, dir, prefix, epoch, manifest, float16Sibling(name, dir, prefix, manifest));
    }

    /** The float16 variant's files beside the float32 ones, at their highest epoch, or null. */
    private static ModelFiles float16Sibling(String name, Path dir, String prefix, ModelManifest manifest) {
        String sibling = prefix + ModelFiles.FLOAT16_SUFFIX;
        TreeMap<Integer, Path> epochs = paramsEpochs(dir, sibling);
        if (!Files.isRegularFile(dir.resolve(sibling + SYMBOL_SUFFIX)) || epochs.isEmpty()) {
            return null;
        }
        return new ModelFiles(name, dir, sibling, epochs.lastKey(), manifest, null);
    }

    /** The epochs for which {@code PREFIX-NNNN.params} exists. */
    public static TreeMap<Integer, Path> paramsEpochs(Path dir, String prefix) {
        TreeMap<Integer, Path> epochs = new TreeMap<>();
        for (Path file : list(dir)) {
            Matcher matcher = PARAMS.matcher(file.getFileName().toString());
            if (matcher.matches() && matcher.group(1).equals(prefix) && Files.isRegularFile(file)) {
                epochs.put(Integer.parseInt(matcher.group(2)), file);
            }
        }
        return epochs;
    }

    /** The files under which a Module's input shapes are kept in SageMaker's layout. */
    public static Optional<Path> shapesFile(Path dir, String prefix) {
        Path file = dir.resolve(prefix + "-shapes.json");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    static List<String> symbolPrefixes(Path dir) {
        List<String> prefixes = new ArrayList<>();
        for (Path file : list(dir)) {
            String fileName = file.getFileName().toString();
            if (fileName.endsWith(SYMBOL_SUFFIX) && fileName.length() > SYMBOL_SUFFIX.length() && Files.isRegularFile(file)) {
                prefixes.add(fileName.substring(0, fileName.length() - SYMBOL_SUFFIX.length()));
            }
        }
        return prefixes;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.edgeserve.inference.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two files of an MXNet checkpoint in a model folder, {@code PREFIX-symbol.json} and {@code PREFIX-NNNN.params}
 * (the names {@code Module.save_checkpoint}, Gluon's {@code export} and SageMaker's containers use). Its rule:
 * {@link #locate} finds them the way docs/models.md says edgeserve does, so a tool and the server agree on which
 * files a folder means.
 *
 * @param dir the folder
 * @param prefix the file prefix, such as {@code model}
 * @param epoch the params epoch, written with at least four digits
 */
public record MxnetCheckpoint(Path dir, String prefix, int epoch) {

    public static final String MANIFEST_FILE = "edgeserve.json";
    public static final String SYMBOL_SUFFIX = "-symbol.json";
    /** SageMaker's prefix, which wins when a folder has several. */
    public static final String DEFAULT_PREFIX = "model";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public MxnetCheckpoint {
        Objects.requireNonNull(dir, "dir");
        if (prefix == null || prefix.isEmpty() || prefix.contains("/") || prefix.contains("\\")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a file prefix");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
    }

    public Path symbolFile() {
        return dir.resolve(prefix + SYMBOL_SUFFIX);
    }

    public Path paramsFile() {
        return dir.resolve(String.format(Locale.ROOT, "%s-%04d.params", prefix, epoch));
    }

    /** The same prefix and epoch in another folder. */
    public MxnetCheckpoint in(Path otherDir) {
        return new MxnetCheckpoint(otherDir, prefix, epoch);
    }

    /**
     * Finds the checkpoint a folder holds. Prefix: the manifest's {@code prefix}; else that of the only
     * {@code *-symbol.json}; with several, {@code model} if present. Epoch: the manifest's {@code epoch}; else the
     * highest of {@code PREFIX-NNNN.params}.
     *
     * @throws IOException if the folder holds no checkpoint, an ambiguous one, or a manifest that cannot be read;
     *     the message says what was found
     */
    public static MxnetCheckpoint locate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        JsonNode manifest = readManifest(dir.resolve(MANIFEST_FILE));
        String prefix = manifest.has("prefix") ? manifest.get("prefix").asString() : prefixFromFiles(dir);
        OptionalInt epoch = manifest.has("epoch") ? OptionalInt.of(manifest.get("epoch").asInt())
                : highestEpoch(dir, prefix);
        if (epoch.isEmpty()) {
            throw new IOException("no " + prefix + "-NNNN.params in " + dir);
        }
        MxnetCheckpoint checkpoint;
        try {
            checkpoint = new MxnetCheckpoint(dir, prefix, epoch.getAsInt());
        } catch (IllegalArgumentException e) { // only a manifest can name such a prefix
            throw new IOException(dir.resolve(MANIFEST_FILE) + ": " + e.getMessage(), e);
        }
        for (Path file : List.of(checkpoint.symbolFile(), checkpoint.paramsFile())) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing");
            }
        }
        return checkpoint;
    }

    private static JsonNode readManifest(Path file) throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode manifest = JSON.readTree(file.toFile());
            if (!manifest.isObject()) {
                throw new IOException(file + " is not a JSON object");
            }
            if (manifest.has("prefix") && !manifest.get("prefix").isString()
                    || manifest.has("epoch") && !(manifest.get("epoch").isInt() && manifest.get("epoch").asInt() >= 0)) {
                throw new IOException(file + ": 'prefix' must be a string and 'epoch' a whole number >= 0");
            }
            return manifest;
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String prefixFromFiles(Path dir) throws IOException {
        List<String> prefixes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SYMBOL_SUFFIX) && name.length() > SYMBOL_SUFFIX.length())
                    .map(name -> name.substring(0, name.length() - SYMBOL_SUFFIX.length()))
                    .sorted()
                    .forEach(prefixes::add);
        }
        if (prefixes.size() == 1) {
            return prefixes.getFirst();
        }
        if (prefixes.contains(DEFAULT_PREFIX)) {
            return DEFAULT_PREFIX;
        }
        if (prefixes.isEmpty()) {
            boolean archive = Files.exists(dir.resolve("model.tar.gz"));
            throw new IOException("no *" + SYMBOL_SUFFIX + " in " + dir + (archive ? " (unpack model.tar.gz first)" : ""));
        }
        throw new IOException(dir + " holds several checkpoints, " + prefixes + ", and none is '" + DEFAULT_PREFIX
                + "': name one with 'prefix' in " + MANIFEST_FILE);
    }

    private static OptionalInt highestEpoch(Path dir, String prefix) throws IOException {
        Pattern params = Pattern.compile(Pattern.quote(prefix) + "-(\\d{4,9})\\.params");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> params.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
                    .max();
        }
    }
}

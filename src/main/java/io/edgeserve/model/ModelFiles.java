package io.edgeserve.model;

import java.nio.file.Path;

/**
 * An unpacked model ready to load: {@code dir/PREFIX-symbol.json} and {@code dir/PREFIX-EPOCH.params},
 * with the manifest that applies to it, and the files of its float16 variant where the folder carries them
 * ({@code PREFIX-float16-symbol.json} and {@code PREFIX-float16-NNNN.params}, as {@code export-fp16} writes them).
 *
 * @param float16 the float16 variant's files, or null where the folder has none
 */
public record ModelFiles(String name, Path dir, String prefix, int epoch, ModelManifest manifest, ModelFiles float16) {

    /** The prefix suffix that marks a folder's float16 variant beside its float32 files. */
    public static final String FLOAT16_SUFFIX = "-float16";

    public Path symbolFile() {
        return dir.resolve(prefix + "-symbol.json");
    }

    public Path paramsFile() {
        return dir.resolve(String.format("%s-%04d.params", prefix, epoch));
    }
}

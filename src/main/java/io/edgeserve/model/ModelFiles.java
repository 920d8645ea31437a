package io.edgeserve.model;

import java.nio.file.Path;

/**
 * An unpacked model ready to load: {@code dir/PREFIX-symbol.json} and {@code dir/PREFIX-EPOCH.params},
 * with the manifest that applies to it.
 */
public record ModelFiles(String name, Path dir, String prefix, int epoch, ModelManifest manifest) {

    public Path symbolFile() {
        return dir.resolve(prefix + "-symbol.json");
    }

    public Path paramsFile() {
        return dir.resolve(String.format("%s-%04d.params", prefix, epoch));
    }
}

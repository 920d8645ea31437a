package io.edgeserve.model;

import java.nio.file.Path;

/**
 * Where a model was found: its name and the folder (or the folder holding its {@code model.tar.gz}), and the
 * manifest given with it where one was ({@code POST /models} may carry one), which wins over any file.
 *
 * @param path     the folder, made absolute: it is reported as the model's {@code modelUrl}, which
 *                 {@code POST /models} must take back
 * @param manifest the manifest given with the location, or null to read it from the files
 */
public record ModelLocation(String name, Path path, ModelManifest manifest) {

    public ModelLocation {
        path = path == null ? null : path.toAbsolutePath().normalize();
    }

    /** A location whose manifest, if any, is read from the files. */
    public ModelLocation(String name, Path path) {
        this(name, path, null);
    }
}

package io.edgeserve.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a {@link ModelLocation} into {@link ModelFiles} ready to load: unpacks {@code model.tar.gz} into the
 * work folder (model folders may be read-only, as {@code /opt/ml/model} is) and finds the manifest: the one
 * given with the location, else the manifest folder's {@code NAME.json}, else the folder's {@code edgeserve.json}.
 */
public final class ModelResolver {

    private final ManifestReader manifests;
    private final ModelArchive archive;
    private final Path workDir;

    public ModelResolver(ManifestReader manifests, ModelArchive archive, Path workDir) {
        this.manifests = manifests;
        this.archive = archive;
        this.workDir = workDir;
    }

    /** @throws InvalidModelException with the reason where the location cannot be served */
    public ModelFiles resolve(ModelLocation location) {
        Path dir = location.path();
        if (!Files.isDirectory(dir)) {
            throw new InvalidModelException("the model folder does not exist or is not a folder");
        }
        if (ModelFolder.isArchive(dir)) {
            dir = unpack(location.name(), dir.resolve(ModelFolder.ARCHIVE_FILE));
        }
        ModelManifest manifest = location.manifest() != null
                ? location.manifest()
                : manifests.manifestFor(location.name(), dir);
        return ModelFolder.read(location.name(), dir, manifest);
    }

    private Path unpack(String name, Path archiveFile) {
        try {
            Files.createDirectories(workDir);
            Path target = Files.createTempDirectory(workDir, name + "-").resolve("model");
            archive.extract(archiveFile, target);
            return modelRoot(target);
        } catch (IOException e) {
            throw new InvalidModelException("cannot unpack " + ModelFolder.ARCHIVE_FILE + ": " + e.getMessage(), e);
        }
    }

    /** Archives made with {@code tar czf model.tar.gz folder/} keep the model one level down. */
    private static Path modelRoot(Path unpacked) throws IOException {
        if (ModelFolder.isModel(unpacked)) {
            return unpacked;
        }
        List<ModelLocation> inside = ModelFolder.discover(unpacked);
        if (inside.size() == 1) {
            return inside.getFirst().path();
        }
        throw new InvalidModelException(ModelFolder.ARCHIVE_FILE + " holds no *-symbol.json"
                + (inside.size() > 1 ? " at its top but several model folders" : ""));
    }
}

package io.edgeserve.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@code file:/path/} destination: a mounted share or a folder another tool ships. Each object is copied under
 * a temporary name, forced to disk and renamed into place, so a reader never sees half an object.
 */
final class FileDestination implements CaptureDestination {

    private final Path root;

    FileDestination(Path root) {
        this.root = root;
    }

    @Override
    public void store(String key, Path file) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root.normalize())) {
            throw new RejectedUploadException("key " + key + " leaves " + root, null);
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String prefix() {
        return "";
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }
}

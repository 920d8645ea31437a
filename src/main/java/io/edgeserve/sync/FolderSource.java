package io.edgeserve.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A catalogue in a folder ({@code file:/path/}): a mounted share, or a USB stick carried to a site. */
public final class FolderSource implements CatalogueSource {

    private final Path root;

    public FolderSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public byte[] readSmall(String path) throws IOException {
        try {
            return Files.readAllBytes(resolve(path));
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(root)) {
                throw new IOException("source folder " + root + " does not exist");
            }
            return null;
        }
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
        FileChannel channel = FileChannel.open(resolve(path), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    private Path resolve(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("path " + path + " leaves the source folder");
        }
        return file;
    }
}

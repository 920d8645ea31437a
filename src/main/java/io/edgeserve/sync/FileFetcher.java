package io.edgeserve.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Downloads one release's files into its staging folder and checks each against the catalogue. A download that
 * is cut keeps its {@code .part} file and the next attempt asks the source only for the bytes after it, so a
 * link lost at 90% costs the last 10%. A file whose size or sha256 is wrong is deleted and refused.
 */
public final class FileFetcher {

    private final SyncStore store;
    private final LongConsumer bytesDownloaded;
    private final Throttle throttle;

    /**
     * @param bytesDownloaded told of every chunk received (metrics)
     * @param throttle        the bandwidth cap over all downloads
     */
    public FileFetcher(SyncStore store, LongConsumer bytesDownloaded, Throttle throttle) {
        this.store = store;
        this.bytesDownloaded = bytesDownloaded;
        this.throttle = throttle;
    }

    /** Fetches and verifies every file of {@code release} that is not staged yet; returns the staging folder. */
    public Path fetch(CatalogueSource source, Catalogue.Release release) throws SyncFailure {
        Path dir = store.stagingDir(release);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SyncFailure(SyncFailure.Reason.DISK, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        for (Catalogue.FileEntry file : release.files()) {
            Path done = dir.resolve(file.name());
            if (Files.exists(done) && matches(done, file)) {
                continue;
            }
            fetchFile(source, release, file, done);
        }
        return dir;
    }

    private void fetchFile(CatalogueSource source, Catalogue.Release release, Catalogue.FileEntry file, Path done)
            throws SyncFailure {
        Path part = done.resolveSibling(file.name() + ".part");
        String what = "model '" + release.name() + "' version " + release.version() + ", file " + file.path();
        try {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > file.size()) {
                Files.delete(part);
                have = 0;
            }
            if (have < file.size()) {
                try (InputStream in = source.open(file.path(), have);
                        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND)) {
                    byte[] buffer = new byte[64 * 1024];
                    long remaining = file.size() - have;
                    int read;
                    // Never more than the catalogue's size: a longer file is refused below, not stored whole.
                    while (remaining >= 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining + 1))) > 0) {
                        out.write(buffer, 0, read);
                        remaining -= read;
                        bytesDownloaded.accept(read);
                        throttle.received(read);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SyncFailure(SyncFailure.Reason.SOURCE_UNREACHABLE, what + ": interrupted", e);
                } catch (IOException | RuntimeException e) {
                    throw new SyncFailure(SyncFailure.Reason.SOURCE_UNREACHABLE, what + ": download stopped at "
                            + size(part) + " of " + file.size() + " bytes (it resumes from there): " + e.getMessage(), e);
                }
            }
            long size = Files.size(part);
            if (size < file.size()) {
                throw new SyncFailure(SyncFailure.Reason.SOURCE_UNREACHABLE, what + ": the source ended the file at "
                        + size + " of " + file.size() + " bytes (it resumes from there)");
            }
            if (size > file.size()) {
                Files.delete(part);
                throw new SyncFailure(SyncFailure.Reason.SIZE, what + ": the source has more than the "
                        + file.size() + " bytes the catalogue lists");
            }
            String actual = sha256(part);
            if (!actual.equals(file.sha256())) {
                Files.delete(part);
                throw new SyncFailure(SyncFailure.Reason.SHA256, what + ": sha256 is " + actual + ", the catalogue says "
                        + file.sha256());
            }
            SyncStore.move(part, done);
        } catch (IOException e) {
            throw new SyncFailure(SyncFailure.Reason.DISK, what + ": " + e.getMessage(), e);
        }
    }

    private static boolean matches(Path path, Catalogue.FileEntry file) {
        try {
            return Files.size(path) == file.size() && sha256(path).equals(file.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

package io.edgeserve.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a {@code model.tar.gz} as SageMaker hands them over, refusing anything that could write outside
 * the target folder or exhaust the disk: absolute or {@code ..} paths, links of any kind, device files,
 * too many entries, too many bytes, or a compression ratio only an archive bomb has.
 * The archive is unpacked into a fresh folder beside the target and moved into place whole, so a failed
 * extraction leaves nothing half-written behind.
 */
public final class ModelArchive {

    /**
     * @param maxEntries          files and folders an archive may hold
     * @param maxUnpackedBytes    bytes it may unpack to
     * @param maxCompressionRatio unpacked bytes per byte of archive above which it is taken for a bomb
     */
    public record Limits(int maxEntries, long maxUnpackedBytes, int maxCompressionRatio) {
        public static final Limits DEFAULT = new Limits(10_000, 8L << 30, 200);
    }

    private final Limits limits;

    public ModelArchive(Limits limits) {
        this.limits = limits;
    }

    /** Unpacks {@code archive} into {@code target}, which must not exist yet. */
    public void extract(Path archive, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), ".unpacking-");
        try {
            unpack(archive, staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
    }

    private void unpack(Path archive, Path staging) throws IOException {
        long archiveBytes = Math.max(1, Files.size(archive));
        long budget = Math.min(limits.maxUnpackedBytes(), Math.multiplyExact(archiveBytes, (long) limits.maxCompressionRatio()));
        long unpacked = 0;
        int entries = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new InvalidModelException("the archive holds more than " + limits.maxEntries() + " entries");
                }
                Path destination = destinationOf(staging, entry.getName());
                // Links first: commons-compress counts a link entry as a file too.
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new InvalidModelException("archive entry '" + entry.getName() + "' is a link; only plain files"
                            + " and folders are unpacked");
                } else if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isFile() && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO()) {
                    Files.createDirectories(destination.getParent());
                    unpacked += copyBounded(tar, destination, budget - unpacked, archiveBytes);
                } else {
                    throw new InvalidModelException("archive entry '" + entry.getName() + "' is a special file; only"
                            + " plain files and folders are unpacked");
                }
            }
        } catch (InvalidModelException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException("the archive is not a readable tar.gz: " + e.getMessage());
        }
    }

    private static Path destinationOf(Path staging, String entryName) {
        Path destination = staging.resolve(entryName).normalize();
        if (entryName.startsWith("/") || !destination.startsWith(staging)) {
            throw new InvalidModelException("archive entry '" + entryName + "' points outside the model folder");
        }
        return destination;
    }

    private long copyBounded(InputStream in, Path destination, long remaining, long archiveBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                copied += read;
                if (copied > remaining) {
                    throw new InvalidModelException("the archive unpacks to more than "
                            + Math.min(limits.maxUnpackedBytes(), archiveBytes * limits.maxCompressionRatio())
                            + " bytes (limit: " + limits.maxUnpackedBytes() + " bytes, or "
                            + limits.maxCompressionRatio() + " times its own size)");
                }
                out.write(buffer, 0, read);
            }
        }
        return copied;
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

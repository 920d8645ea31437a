package io.edgeserve.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local spool: a folder of {@link SpoolFile}s, closed ones waiting for upload and at most one open file per
 * variant, and in {@code rejected/} the files the destination refused for good. It repairs what a crash left (a torn
 * last line is cut off before the file is closed), and keeps the folder within its size and age bounds by deleting
 * rejected files first, then the oldest closed files. The one rule: a file being
 * uploaded is never deleted by a bound, so an upload and a deletion never race over it.
 */
public final class Spool {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /** Why a closed file left the spool without being uploaded: metric tag values. */
    static final String SPOOL_FULL = "spool_full";
    static final String EXPIRED = "expired";
    /** The folder inside the spool where files the destination refused for good are kept. */
    static final String REJECTED_DIR = "rejected";

    private final Path dir;
    private final long maxBytes;
    private final Duration maxAge;
    private final Clock clock;
    private volatile SpoolFile inFlight;

    public Spool(Path dir, long maxBytes, Duration maxAge, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    Path closedPath(SpoolFile file) {
        return dir.resolve(file.closedName());
    }

    Path openPath(SpoolFile file) {
        return dir.resolve(file.openName());
    }

    Path rejectedPath(SpoolFile file) {
        return dir.resolve(REJECTED_DIR).resolve(file.closedName());
    }

    /** What {@link #recover} did: files closed and torn lines cut off. */
    public record Recovery(int filesClosed, int tornLines) {}

    /**
     * Closes every file a crash left open, cutting a torn last line off first (the part after the last newline:
     * an unfinished record), so that no broken line is ever uploaded. Called once, before the writer starts.
     */
    public Recovery recover() throws IOException {
        Files.createDirectories(dir);
        int closed = 0;
        int torn = 0;
        for (SpoolFile.Parsed parsed : list()) {
            if (!parsed.open()) {
                continue;
            }
            Path open = openPath(parsed.file());
            if (cutTornTail(open)) {
                torn++;
            }
            if (Files.size(open) == 0) {
                Files.delete(open);
            } else {
                close(parsed.file());
                closed++;
            }
        }
        if (closed > 0 || torn > 0) {
            log.info("Capture spool {}: {} file(s) left open were closed, {} torn line(s) cut off", dir, closed, torn);
        }
        return new Recovery(closed, torn);
    }

    /** Truncates {@code file} after its last newline; true where there was anything after it. */
    static boolean cutTornTail(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = 0;
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            for (long end = size; end > 0 && keep == 0; ) {
                long start = Math.max(0, end - buffer.capacity());
                buffer.clear().limit((int) (end - start));
                channel.read(buffer, start);
                for (int i = (int) (end - start) - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        keep = start + i + 1;
                        break;
                    }
                }
                end = start;
            }
            if (keep == size) {
                return false;
            }
            channel.truncate(keep);
            channel.force(true);
            return true;
        }
    }

    /** Renames an open file to its closed name: from now on the uploader may take it. */
    void close(SpoolFile file) throws IOException {
        try {
            Files.move(openPath(file), closedPath(file), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(openPath(file), closedPath(file));
        }
    }

    /** The sequence number after the highest in the spool: file order survives a restart. */
    long nextSequence() {
        return list().stream().mapToLong(parsed -> parsed.file().sequence()).max().orElse(-1) + 1;
    }

    /** Closed files, oldest first. */
    public List<SpoolFile> closed() {
        return list().stream().filter(parsed -> !parsed.open()).map(SpoolFile.Parsed::file).sorted().toList();
    }

    /** Files the destination refused for good, oldest first: kept aside, within the spool's bounds. */
    public List<SpoolFile> rejected() {
        return list(dir.resolve(REJECTED_DIR)).stream().filter(parsed -> !parsed.open()).map(SpoolFile.Parsed::file)
                .sorted().toList();
    }

    /** Bytes of every spool file, open, closed or rejected. */
    public long bytes() {
        long total = 0;
        for (SpoolFile.Parsed parsed : list()) {
            total += sizeOf(parsed.open() ? openPath(parsed.file()) : closedPath(parsed.file()));
        }
        for (SpoolFile file : rejected()) {
            total += sizeOf(rejectedPath(file));
        }
        return total;
    }

    /**
     * Moves a closed file the destination refused for good into {@code rejected/}, out of the upload order, so that
     * the files behind it go on; an operator may move it back to have it tried again.
     *
     * @return the records it holds
     */
    long reject(SpoolFile file) throws IOException {
        Files.createDirectories(dir.resolve(REJECTED_DIR));
        long records = countLines(closedPath(file));
        Files.move(closedPath(file), rejectedPath(file), StandardCopyOption.REPLACE_EXISTING);
        return records;
    }

    /** Marks the file being uploaded (or none): the bounds leave it alone. */
    void uploading(SpoolFile file) {
        inFlight = file;
    }

    /** Deletes an uploaded file; false where it was gone already. */
    boolean delete(SpoolFile file) throws IOException {
        return Files.deleteIfExists(closedPath(file));
    }

    /**
     * Deletes closed files past the age bound, then the oldest closed files until the spool fits its size bound,
     * telling {@code dropped} the reason and the records each file held. The file being uploaded is kept.
     */
    void enforceBounds(ObjLongConsumer<String> dropped) {
        Instant oldest = clock.instant().minus(maxAge);
        // Rejected files first: they will never be uploaded, so they go before any file that still may be.
        List<Path> candidates = new ArrayList<>();
        for (SpoolFile file : rejected()) {
            candidates.add(rejectedPath(file));
        }
        for (SpoolFile file : closed()) {
            if (!file.equals(inFlight)) {
                candidates.add(closedPath(file));
            }
        }
        for (var it = candidates.iterator(); it.hasNext(); ) {
            Path path = it.next();
            if (SpoolFile.parse(path.getFileName().toString()).orElseThrow().file().opened().isBefore(oldest)) {
                drop(path, EXPIRED, dropped);
                it.remove();
            }
        }
        long total = bytes();
        for (Path path : candidates) {
            if (total <= maxBytes) {
                break;
            }
            long size = sizeOf(path);
            drop(path, SPOOL_FULL, dropped);
            total -= size;
        }
    }

    private void drop(Path path, String reason, ObjLongConsumer<String> dropped) {
        try {
            long records = countLines(path);
            if (Files.deleteIfExists(path)) {
                log.warn("Capture spool: {} deleted ({}), {} record(s) lost", dir.relativize(path), reason.replace('_', ' '), records);
                dropped.accept(reason, records);
            }
        } catch (IOException e) {
            log.warn("Capture spool: could not delete {}: {}", path, e.toString());
        }
    }

    static long countLines(Path file) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return lines;
    }

    private List<SpoolFile.Parsed> list() {
        return list(dir);
    }

    private static List<SpoolFile.Parsed> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SpoolFile.Parsed> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Optional<SpoolFile.Parsed> parsed = SpoolFile.parse(entry.getFileName().toString());
                parsed.ifPresent(files::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) { // deleted or renamed meanwhile
            return 0;
        }
    }
}

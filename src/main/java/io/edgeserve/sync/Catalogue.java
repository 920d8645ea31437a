package io.edgeserve.sync;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a publisher says a gateway should serve: a catalogue version that only grows, an expiry (after which a
 * gateway refuses it, so a withheld update cannot freeze a fleet on old models unnoticed), and per model one
 * version and its files. {@code atomic} asks that the models switch together or not at all.
 */
public record Catalogue(long version, Instant expires, boolean atomic, List<Release> models) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public Catalogue {
        if (version < 1) {
            throw new IllegalArgumentException("catalogue version must be at least 1, got " + version);
        }
        Objects.requireNonNull(expires, "expires");
        models = List.copyOf(models);
        Set<String> names = new HashSet<>();
        for (Release release : models) {
            if (!names.add(release.name())) {
                throw new IllegalArgumentException("model '" + release.name() + "' is listed twice");
            }
        }
    }

    /** The release of {@code name}, or null where the catalogue does not list it. */
    public Release release(String name) {
        return models.stream().filter(release -> release.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * One version of one model.
     *
     * @param selfTest what the gateway checks before the version takes requests, or null
     */
    public record Release(String name, long version, List<FileEntry> files, SelfTest selfTest) {

        public Release {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("model name '" + name + "' must match " + NAME.pattern());
            }
            if (version < 1) {
                throw new IllegalArgumentException("model '" + name + "': version must be at least 1, got " + version);
            }
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("model '" + name + "' lists no files");
            }
            Set<String> local = new HashSet<>();
            for (FileEntry file : files) {
                if (!local.add(file.name())) {
                    throw new IllegalArgumentException("model '" + name + "' lists file '" + file.name() + "' twice");
                }
            }
        }

        /** The registry entry this release is served as: {@code NAME:VERSION}. */
        public String entryName() {
            return name + ":" + version;
        }

        public long totalBytes() {
            return files.stream().mapToLong(FileEntry::size).sum();
        }
    }

    /**
     * A file of a release.
     *
     * @param path   where it is at the source, relative to the catalogue ({@code NAME/VERSION/FILE})
     * @param size   its length in bytes
     * @param sha256 its SHA-256, lower-case hex
     */
    public record FileEntry(String path, long size, String sha256) {

        private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

        public FileEntry {
            if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")
                    || !FILE_NAME.matcher(path.substring(path.lastIndexOf('/') + 1)).matches()) {
                throw new IllegalArgumentException("file path '" + path + "' must be relative, without '..', and end in a"
                        + " plain file name");
            }
            if (size < 0) {
                throw new IllegalArgumentException("file '" + path + "': size must not be negative");
            }
            if (!HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("file '" + path + "': sha256 must be 64 lower-case hex digits");
            }
        }

        /** The file's name in the model's folder on the gateway. */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /**
     * A known answer: the model's first output for {@code input} must match {@code expected} within
     * {@code tolerance} (absolute, per element).
     *
     * @param shape the input's shape, batch axis included
     */
    public record SelfTest(List<Long> shape, float[] input, float[] expected, double tolerance) {

        public SelfTest {
            shape = List.copyOf(shape);
            long size = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
            if (size != input.length) {
                throw new IllegalArgumentException("self-test input has " + input.length + " values but shape " + shape
                        + " needs " + size);
            }
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException("self-test tolerance must not be negative");
            }
        }
    }
}

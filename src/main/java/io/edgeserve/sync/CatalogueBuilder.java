package io.edgeserve.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns a folder of model folders into what a gateway follows: the files under {@code NAME/VERSION/} and a
 * signed {@code catalogue.json}. A model folder with numbered subfolders publishes its highest version; one
 * without keeps the version it had in the previous catalogue in the output folder while its files are the same,
 * and takes the next number when they change. A {@code selftest.json} beside a version's files becomes its
 * self-test; subfolders are not published.
 */
public final class CatalogueBuilder {

    public static final String SELF_TEST_FILE = "selftest.json";

    private CatalogueBuilder() {}

    /**
     * @param version the catalogue's version, or null for one more than the previous catalogue's (1 if none)
     */
    public static Catalogue build(Path modelsDir, Path outDir, PrivateKey key, Long version, Instant expires,
            boolean atomic) throws IOException {
        Catalogue previous = previous(outDir);
        long catalogueVersion = version != null ? version : (previous == null ? 1 : previous.version() + 1);
        List<Catalogue.Release> releases = new ArrayList<>();
        for (Path modelDir : sortedChildren(modelsDir, Files::isDirectory)) {
            releases.add(release(modelDir, outDir, previous));
        }
        var catalogue = new Catalogue(catalogueVersion, expires, atomic, releases);
        byte[] json = CatalogueJson.write(catalogue);
        Files.createDirectories(outDir);
        Files.write(outDir.resolve(SyncAgent.CATALOGUE), json);
        Files.writeString(outDir.resolve(SyncAgent.SIGNATURE), Ed25519Keys.sign(json, key), StandardCharsets.US_ASCII);
        return catalogue;
    }

    private static Catalogue.Release release(Path modelDir, Path outDir, Catalogue previous) throws IOException {
        String name = modelDir.getFileName().toString();
        List<Path> numbered = sortedChildren(modelDir, path -> Files.isDirectory(path)
                && path.getFileName().toString().matches("\\d{1,9}"));
        Path source;
        long version;
        if (!numbered.isEmpty()) {
            source = numbered.stream().max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString()))).get();
            version = Long.parseLong(source.getFileName().toString());
        } else {
            source = modelDir;
            version = 0;
        }
        List<Path> files = sortedChildren(source, path -> Files.isRegularFile(path)
                && !path.getFileName().toString().equals(SELF_TEST_FILE));
        if (files.isEmpty()) {
            throw new IOException("model folder " + source + " has no files to publish");
        }
        List<String[]> hashed = new ArrayList<>();
        for (Path file : files) {
            hashed.add(new String[] {file.getFileName().toString(), FileFetcher.sha256(file)});
        }
        if (version == 0) {
            Catalogue.Release before = previous == null ? null : previous.release(name);
            version = before == null ? 1 : sameFiles(before, hashed) ? before.version() : before.version() + 1;
        }
        List<Catalogue.FileEntry> entries = new ArrayList<>();
        Path target = outDir.resolve(name).resolve(Long.toString(version));
        Files.createDirectories(target);
        for (int i = 0; i < files.size(); i++) {
            String fileName = hashed.get(i)[0];
            Files.copy(files.get(i), target.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
            entries.add(new Catalogue.FileEntry(name + "/" + version + "/" + fileName, Files.size(files.get(i)),
                    hashed.get(i)[1]));
        }
        Path selfTest = source.resolve(SELF_TEST_FILE);
        return new Catalogue.Release(name, version, entries, Files.exists(selfTest) ? selfTest(name, selfTest) : null);
    }

    private static Catalogue.SelfTest selfTest(String name, Path file) throws IOException {
        try {
            return CatalogueJson.readSelfTest(Files.readAllBytes(file), name);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameFiles(Catalogue.Release before, List<String[]> hashed) {
        if (before.files().size() != hashed.size()) {
            return false;
        }
        for (int i = 0; i < hashed.size(); i++) {
            Catalogue.FileEntry file = before.files().get(i);
            if (!file.name().equals(hashed.get(i)[0]) || !file.sha256().equals(hashed.get(i)[1])) {
                return false;
            }
        }
        return true;
    }

    private static Catalogue previous(Path outDir) throws IOException {
        Path file = outDir.resolve(SyncAgent.CATALOGUE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return CatalogueJson.read(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException("the previous catalogue " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    private static List<Path> sortedChildren(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(filter).sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .filter(Objects::nonNull).toList();
        }
    }
}

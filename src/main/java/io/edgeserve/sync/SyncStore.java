package io.edgeserve.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sync folder on the gateway's disk, the one place sync writes to. Every file reaches its final name by a
 * rename on the same file system, so a power cut leaves either the old file or the new one, never half of one:
 * <pre>
 * staging/NAME/VERSION/FILE.part   a download in progress (resumed from its length)
 * staging/NAME/VERSION/FILE        a file whose size and sha256 matched the catalogue
 * models/NAME/VERSION/             a complete, verified version, loadable offline
 * catalogue.json, catalogue.json.sig   the last catalogue applied in full
 * state.json                       the highest catalogue version verified, and which version of each model serves
 * </pre>
 */
public final class SyncStore {

    /** What the gateway serves, remembered across restarts. */
    public record State(long highestSeenVersion, long appliedVersion, Map<String, Long> models) {

        public State {
            models = Map.copyOf(models);
        }

        static final State EMPTY = new State(0, 0, Map.of());

        State seen(long version) {
            return new State(Math.max(highestSeenVersion, version), appliedVersion, models);
        }

        State serving(String name, Long version) {
            Map<String, Long> next = new LinkedHashMap<>(models);
            if (version == null) {
                next.remove(name);
            } else {
                next.put(name, version);
            }
            return new State(highestSeenVersion, appliedVersion, next);
        }

        State applied(long version) {
            return new State(highestSeenVersion, version, models);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Path root;

    public SyncStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path stagingDir(Catalogue.Release release) {
        return root.resolve("staging").resolve(release.name()).resolve(Long.toString(release.version()));
    }

    public Path modelDir(String name, long version) {
        return root.resolve("models").resolve(name).resolve(Long.toString(version));
    }

    public boolean hasModel(String name, long version) {
        return Files.isDirectory(modelDir(name, version));
    }

    /** Moves a fully verified staging folder to its place among the models. */
    public Path commitStaged(Catalogue.Release release) throws IOException {
        Path target = modelDir(release.name(), release.version());
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target)) {
            deleteTree(target);
        }
        move(stagingDir(release), target);
        return target;
    }

    public State readState() throws IOException {
        Path file = root.resolve("state.json");
        if (!Files.exists(file)) {
            return State.EMPTY;
        }
        JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
        Map<String, Long> models = new LinkedHashMap<>();
        node.get("models").properties().forEach(entry -> models.put(entry.getKey(), entry.getValue().asLong()));
        return new State(node.get("highestSeenVersion").asLong(), node.get("appliedVersion").asLong(), models);
    }

    public void writeState(State state) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("highestSeenVersion", state.highestSeenVersion());
        node.put("appliedVersion", state.appliedVersion());
        ObjectNode models = node.putObject("models");
        state.models().forEach(models::put);
        writeAtomically(root.resolve("state.json"),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the catalogue and its signature as applied, for operators and for an audit after the fact. */
    public void writeApplied(byte[] json, byte[] signature) throws IOException {
        writeAtomically(root.resolve("catalogue.json"), json);
        writeAtomically(root.resolve("catalogue.json.sig"), signature);
    }

    /** Deletes versions of {@code name} older than {@code serving}, but for the newest {@code keep} of them. */
    public void prune(String name, long serving, int keep) throws IOException {
        Path dir = root.resolve("models").resolve(name);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Long> older;
        try (Stream<Path> versions = Files.list(dir)) {
            older = versions.map(path -> path.getFileName().toString()).filter(v -> v.matches("\\d{1,18}"))
                    .map(Long::parseLong).filter(v -> v < serving).sorted(Comparator.reverseOrder()).toList();
        }
        for (Long version : older.subList(Math.min(keep, older.size()), older.size())) {
            deleteTree(modelDir(name, version));
        }
    }

    /** Deletes every version of a model that left the catalogue, and anything staged for it. */
    public void remove(String name) throws IOException {
        deleteTree(root.resolve("models").resolve(name));
        deleteTree(root.resolve("staging").resolve(name));
    }

    private void writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, content);
        move(temporary, file);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

package io.edgeserve.registry;

import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models edgeserve holds, by name, and which of them can take requests. Models from the model folder
 * load in the background at start-up, so that {@code /ping} and other models answer meanwhile; models
 * loaded through the multi-model API load on the caller's thread. Loading or unloading one model never
 * holds a lock that a request to another model needs: requests read each entry's published snapshot.
 * Memory is accounted against a budget; a load that would exceed it first evicts the least recently used
 * idle models that were loaded through the API, and is refused when even that would not make room.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final List<String> ARCHIVE_SUFFIXES = List.of(".tar.gz", ".tgz");

    private final ModelLoader loader;
    private final Duration shutdownGrace;
    private final RegistryListener listener;
    private final ConcurrentNavigableMap<String, ModelEntry> entries = new ConcurrentSkipListMap<>();
    private final ExecutorService background =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("model-loader").daemon().factory());
    /** Guards {@link #memory}; held while deciding on and carrying out evictions, never during inference. */
    private final Object memoryLock = new Object();
    private final MemoryBudget memory;
    private final Precision defaultPrecision;

    /**
     * @param defaultPrecision the variant requests get when neither they nor the model's manifest name one
     */
    public ModelRegistry(ModelLoader loader, Duration shutdownGrace, long memoryBudgetBytes, Precision defaultPrecision,
            RegistryListener listener) {
        this.loader = loader;
        this.shutdownGrace = shutdownGrace;
        this.memory = new MemoryBudget(memoryBudgetBytes);
        this.defaultPrecision = defaultPrecision;
        this.listener = listener;
    }

    /** Registers the models found at start-up as loading and loads them one after another in the background. */
    public void loadConfigured(List<ModelLocation> locations) {
        for (ModelLocation location : locations) {
            ModelEntry entry = new ModelEntry(location.name(), location, true);
            if (entries.putIfAbsent(location.name(), entry) == null) {
                background.execute(() -> loadConfigured(entry));
            }
        }
    }

    private void loadConfigured(ModelEntry entry) {
        try {
            loader.awaitEngine();
            long start = System.nanoTime();
            ModelFiles files = loader.resolve(entry.location());
            Map<Precision, ServedModel> variants = startVariants(files);
            synchronized (memoryLock) {
                memory.hold(entry.name(), bytesOf(variants));
            }
            entry.ready(variants, defaultPrecisionOf(files, variants), Duration.ofNanos(System.nanoTime() - start));
            listener.loaded(entry.name());
            ServedModel served = entry.snapshot().served();
            log.info("Model '{}' ready in {} ms: variants {}, inputs {}, outputs {}", entry.name(),
                    entry.snapshot().loadTime().toMillis(), variants.keySet(), served.signature().inputs(), served.signature().outputs());
        } catch (InvalidModelException e) {
            entry.failed(e.getMessage());
            listener.loadFailed(entry.name());
            log.error("Model '{}' failed to load: {}", entry.name(), e.getMessage(), e.getCause());
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: MXNet's native library failed to load (an unwritable or noexec cache folder, say);
            // the model must read as failed, not as loading for ever.
            entry.failed("unexpected failure while loading: " + e.getClass().getSimpleName()
                    + (e instanceof LinkageError ? " (the engine's native library did not load; see the log)" : ""));
            listener.loadFailed(entry.name());
            log.error("Model '{}' failed to load", entry.name(), e);
        }
    }

    /**
     * Loads a model under {@code name} now, as SageMaker's {@code POST /models} asks.
     *
     * @throws ProblemException 409 where the name is taken, 507 where it cannot fit the memory budget even
     *     after evicting idle models, 400 where the files are not a servable model
     */
    public ModelEntry load(String name, ModelLocation location) {
        return load(name, location, false);
    }

    /**
     * Loads a model as {@link #load} does, but hidden: warmed up and ready, yet no request reaches it until
     * {@link #reveal} makes it visible. Model sync loads a new version {@code NAME:N} this way beside the one
     * serving, tests it, then reveals it: from that moment requests for {@code NAME} go to it (the highest ready
     * visible version), and requests already queued on the old version finish there.
     */
    public ModelEntry loadHidden(String name, ModelLocation location) {
        return load(name, location, true);
    }

    /**
     * Makes a hidden entry visible to requests.
     *
     * @throws ProblemException 404 where no model has that name
     */
    public void reveal(String name) {
        ModelEntry entry = entries.get(name);
        if (entry == null) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model named '" + name + "' is loaded").with("model", name);
        }
        entry.reveal();
        log.info("Model '{}' now takes requests", name);
    }

    private ModelEntry load(String name, ModelLocation location, boolean hidden) {
        ModelEntry entry = new ModelEntry(name, location, false, hidden);
        if (entries.putIfAbsent(name, entry) != null) {
            throw new ProblemException(ProblemType.MODEL_ALREADY_LOADED, "a model named '" + name + "' is already loaded")
                    .with("model", name);
        }
        Map<Precision, ServedModel> variants = Map.of();
        try {
            loader.awaitEngine();
            long start = System.nanoTime();
            ModelFiles files = loader.resolve(location);
            makeRoom(name, Files.size(files.paramsFile()));
            variants = startVariants(files);
            synchronized (memoryLock) {
                memory.hold(name, bytesOf(variants));
            }
            if (entries.get(name) != entry) {
                throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "model '" + name + "' was unloaded while it loaded");
            }
            entry.ready(variants, defaultPrecisionOf(files, variants), Duration.ofNanos(System.nanoTime() - start));
            listener.loaded(name);
            log.info("Model '{}' loaded from {} in {} ms", name, location.path(), entry.snapshot().loadTime().toMillis());
            return entry;
        } catch (InvalidModelException | IOException e) {
            abandon(entry, variants.values());
            listener.loadFailed(name);
            log.warn("Model '{}' from {} cannot be loaded: {}", name, location.path(), e.getMessage());
            throw new ProblemException(ProblemType.INVALID_MODEL, "model '" + name + "' cannot be loaded: " + e.getMessage())
                    .with("model", name);
        } catch (RuntimeException e) {
            abandon(entry, variants.values());
            listener.loadFailed(name);
            throw e;
        }
    }

    /** The variants a model starts with; its default one is among them, derived now if need be. */
    private Map<Precision, ServedModel> startVariants(ModelFiles files) {
        Map<Precision, ServedModel> variants = new EnumMap<>(loader.start(files));
        Precision wanted = defaultPrecisionOf(files, variants);
        if (!variants.containsKey(wanted)) {
            try {
                if (wanted != Precision.FLOAT16 || loader.float16Policy() == Float16Policy.NEVER) {
                    throw new InvalidModelException("the default precision is " + wanted.label() + " but the model has only "
                            + variants.keySet() + " and edgeserve.models.float16-variant is never");
                }
                variants.put(Precision.FLOAT16, loader.deriveFloat16(files, variants.get(Precision.FLOAT32)));
            } catch (RuntimeException e) {
                variants.values().forEach(ServedModel::close);
                throw e;
            }
        }
        return variants;
    }

    /**
     * The manifest's default precision; else the configured one, where the model has it or can derive it
     * (float16 from float32); else the variant the model has, as for a folder written by export-fp16.
     */
    private Precision defaultPrecisionOf(ModelFiles files, Map<Precision, ServedModel> variants) {
        String declared = files.manifest().defaultPrecision();
        if (declared != null) {
            return Precision.parse(declared);
        }
        boolean derivable = defaultPrecision == Precision.FLOAT16 && variants.containsKey(Precision.FLOAT32);
        return variants.containsKey(defaultPrecision) || derivable ? defaultPrecision : variants.keySet().iterator().next();
    }

    private static long bytesOf(Map<Precision, ServedModel> variants) {
        return variants.values().stream().mapToLong(ServedModel::memoryBytes).sum();
    }

    private void abandon(ModelEntry entry, Collection<ServedModel> variants) {
        entries.remove(entry.name(), entry);
        variants.forEach(ServedModel::close);
        synchronized (memoryLock) {
            memory.release(entry.name());
        }
    }

    /** Reserves {@code bytes} for {@code name}, evicting least recently used idle API-loaded models if needed. */
    private void makeRoom(String name, long bytes) {
        synchronized (memoryLock) {
            refreshHeld();
            if (bytes > memory.budgetBytes()) {
                throw insufficientMemory(name, bytes, "more than the whole budget");
            }
            long shortfall = memory.shortfall(bytes);
            if (shortfall > 0) {
                List<ModelEntry> idle = entries.values().stream()
                        .filter(candidate -> !candidate.configured() && !candidate.name().equals(name))
                        .filter(candidate -> candidate.state() == ModelState.READY
                                && candidate.snapshot().variants().values().stream().allMatch(ServedModel::idle))
                        .sorted(Comparator.comparingLong(ModelEntry::lastUsedNanos))
                        .toList();
                long freeable = idle.stream().mapToLong(candidate -> memory.heldBy(candidate.name())).sum();
                if (freeable < shortfall) {
                    throw insufficientMemory(name, bytes, "evicting every idle model would free only " + freeable + " bytes");
                }
                for (ModelEntry victim : idle) {
                    if (memory.shortfall(bytes) <= 0) {
                        break;
                    }
                    evict(victim, name);
                }
            }
            memory.hold(name, bytes);
        }
    }

    private ProblemException insufficientMemory(String name, long bytes, String why) {
        return new ProblemException(ProblemType.INSUFFICIENT_MEMORY, "model '" + name + "' needs about " + bytes
                + " bytes; the budget is " + memory.budgetBytes() + " bytes with " + memory.usedBytes() + " in use, and "
                + why).with("model", name);
    }

    private void evict(ModelEntry victim, String forModel) {
        if (!entries.remove(victim.name(), victim)) {
            return;
        }
        Collection<ServedModel> variants = victim.snapshot().variants().values();
        victim.unloading();
        memory.release(victim.name());
        long idleMillis = (System.nanoTime() - victim.lastUsedNanos()) / 1_000_000;
        log.info("Evicting idle model '{}' (last used {} ms ago) to make room for '{}'", victim.name(), idleMillis, forModel);
        variants.forEach(variant -> variant.shutdown(shutdownGrace));
        listener.evicted(victim.name());
    }

    /**
     * Unloads a model as SageMaker's {@code DELETE /models/NAME} asks: new requests no longer find it, requests
     * already queued or running complete, then its memory is freed.
     *
     * @throws ProblemException 404 where no model has that name
     */
    public void unload(String name) {
        ModelEntry entry = entries.get(name);
        if (entry == null || !entries.remove(name, entry)) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model named '" + name + "' is loaded").with("model", name);
        }
        Collection<ServedModel> variants = entry.snapshot().variants().values();
        entry.unloading();
        variants.forEach(variant -> variant.shutdown(shutdownGrace));
        synchronized (memoryLock) {
            memory.release(name);
        }
        listener.unloaded(name);
        log.info("Model '{}' unloaded", name);
    }

    public Collection<ModelEntry> entries() {
        return entries.values();
    }

    public Optional<ModelEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Up to {@code limit} entries whose names sort after {@code after} (null: from the first). */
    public List<ModelEntry> page(String after, int limit) {
        Collection<ModelEntry> tail = after == null ? entries.values() : entries.tailMap(after, false).values();
        return tail.stream().limit(limit).toList();
    }

    public long memoryBudgetBytes() {
        return memory.budgetBytes();
    }

    public long memoryUsedBytes() {
        synchronized (memoryLock) {
            refreshHeld();
            return memory.usedBytes();
        }
    }

    /**
     * Counts each ready model at what it takes now: its executors for the input shapes it was sent grow after load
     * (up to its cap on shapes), and the budget must see them. Callers hold the memory lock.
     */
    private void refreshHeld() {
        for (ModelEntry entry : entries.values()) {
            ModelEntry.Snapshot snapshot = entry.snapshot();
            if (snapshot.state() == ModelState.READY && memory.heldBy(entry.name()) > 0) {
                memory.hold(entry.name(), bytesOf(snapshot.variants()));
            }
        }
    }

    /**
     * The ready model variant a request names, as in {@code X-Amzn-SageMaker-Target-Model}: {@code NAME} or
     * {@code NAME@float16}; with no name, the only model. SageMaker names multi-model targets by their archive
     * ({@code resnet.tar.gz}), which is accepted.
     *
     * @param precision the variant asked for otherwise (a custom attribute), or null; a suffix on the name wins
     * @throws ProblemException naming the model and why it cannot serve
     */
    public ServedModel resolve(String target, Precision precision) {
        String name = target == null ? null : target.strip();
        if (name != null && name.contains("@")) {
            precision = Precision.parse(name.substring(name.lastIndexOf('@') + 1));
            name = name.substring(0, name.lastIndexOf('@'));
        }
        ModelEntry entry = name == null || name.isBlank() ? onlyModel() : named(name);
        ModelEntry.Snapshot snapshot = entry.snapshot();
        return switch (snapshot.state()) {
            case READY -> {
                entry.touch();
                Precision wanted = precision != null ? precision : snapshot.defaultPrecision();
                ServedModel variant = snapshot.variants().get(wanted);
                yield variant != null ? variant : addVariant(entry, wanted);
            }
            case LOADING -> throw new ProblemException(ProblemType.MODEL_NOT_READY, "model '" + entry.name() + "' is still loading")
                    .with("model", entry.name());
            case UNLOADING -> throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "model '" + entry.name() + "' is being unloaded")
                    .with("model", entry.name());
            case FAILED -> throw new ProblemException(ProblemType.MODEL_NOT_READY, "model '" + entry.name()
                    + "' failed to load: " + snapshot.reason()).with("model", entry.name());
        };
    }

    /** The default variant of the model {@code target} names. */
    public ServedModel resolve(String target) {
        return resolve(target, null);
    }

    /**
     * Derives a float16 variant on its first request (edgeserve.models.float16-variant=lazy). The entry's lock
     * makes concurrent first requests derive it once; requests to other models and variants are not held up.
     */
    private ServedModel addVariant(ModelEntry entry, Precision wanted) {
        synchronized (entry) {
            ModelEntry.Snapshot snapshot = entry.snapshot();
            ServedModel existing = snapshot.variants().get(wanted);
            if (existing != null) {
                return existing;
            }
            ServedModel float32 = snapshot.variants().get(Precision.FLOAT32);
            if (wanted != Precision.FLOAT16 || float32 == null || loader.float16Policy() == Float16Policy.NEVER) {
                throw new ProblemException(ProblemType.VARIANT_NOT_AVAILABLE, "model '" + entry.name() + "' has no "
                        + wanted.label() + " variant; it has " + snapshot.variants().keySet().stream().map(Precision::label).toList())
                        .with("model", entry.name());
            }
            ServedModel half;
            try {
                half = loader.deriveFloat16(float32.files(), float32);
            } catch (InvalidModelException e) {
                throw new ProblemException(ProblemType.VARIANT_NOT_AVAILABLE, "model '" + entry.name()
                        + "' has no float16 variant: " + e.getMessage()).with("model", entry.name());
            }
            synchronized (memoryLock) {
                memory.hold(entry.name(), memory.heldBy(entry.name()) + half.memoryBytes());
            }
            if (entries.get(entry.name()) != entry || entry.state() != ModelState.READY) {
                half.close();
                throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "model '" + entry.name() + "' was unloaded");
            }
            entry.addVariant(half);
            listener.variantAdded(entry.name(), half.precision());
            log.info("Model '{}': float16 variant derived, {} parameter bytes, about {} bytes in memory while serving",
                    entry.name(), half.parameterBytes(), half.memoryBytes());
            return half;
        }
    }

    private ModelEntry onlyModel() {
        List<ModelEntry> visible = entries.values().stream().filter(entry -> !entry.hidden()).toList();
        if (visible.isEmpty()) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model is loaded");
        }
        if (visible.size() > 1) {
            // Versions of one name (NAME:1 and NAME:2 during a swap) are still one model.
            String base = baseName(visible.getFirst().name());
            if (visible.stream().allMatch(entry -> baseName(entry.name()).equals(base)) && latestVersion(base) != null) {
                return latestVersion(base);
            }
            throw new ProblemException(ProblemType.MODEL_NOT_SPECIFIED, "several models are loaded " + someNames()
                    + ": name one in the X-Amzn-SageMaker-Target-Model header");
        }
        return visible.getFirst();
    }

    private static String baseName(String name) {
        int separator = name.lastIndexOf(ModelFolder.VERSION_SEPARATOR);
        return separator > 0 && name.substring(separator + 1).matches("\\d{1,9}") ? name.substring(0, separator) : name;
    }

    private ModelEntry named(String target) {
        ModelEntry exact = entries.get(target);
        ModelEntry entry = exact != null && !exact.hidden() ? exact : latestVersion(target);
        for (String suffix : ARCHIVE_SUFFIXES) {
            if (entry == null && target.endsWith(suffix)) {
                entry = entries.get(target.substring(0, target.length() - suffix.length()));
            }
        }
        if (entry == null) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model named '" + target + "'; loaded: " + someNames())
                    .with("model", target);
        }
        return entry;
    }

    /**
     * The highest ready version of {@code name} among entries named {@code name:N}; the highest version of all
     * when none is ready (so that the caller hears why), or null when there is none.
     */
    private ModelEntry latestVersion(String name) {
        ModelEntry latest = null;
        long latestVersion = -1;
        boolean latestReady = false;
        for (ModelEntry entry : entries.subMap(name + ModelFolder.VERSION_SEPARATOR, true, name + ";", false).values()) {
            String suffix = entry.name().substring(name.length() + 1);
            if (entry.hidden() || !suffix.matches("\\d{1,9}")) {
                continue;
            }
            long version = Long.parseLong(suffix);
            boolean ready = entry.state() == ModelState.READY;
            if (latest == null || (ready && !latestReady) || (ready == latestReady && version > latestVersion)) {
                latest = entry;
                latestVersion = version;
                latestReady = ready;
            }
        }
        return latest;
    }

    /**
     * The variants of a ready model that are not loaded yet but will be derived on their first request: float16
     * where the model has float32 weights and the float16 policy is not {@code never}.
     */
    public List<Precision> derivedOnFirstUse(ModelEntry entry) {
        ModelEntry.Snapshot snapshot = entry.snapshot();
        boolean derivable = snapshot.state() == ModelState.READY && loader.float16Policy() != Float16Policy.NEVER
                && snapshot.variants().containsKey(Precision.FLOAT32) && !snapshot.variants().containsKey(Precision.FLOAT16);
        return derivable ? List.of(Precision.FLOAT16) : List.of();
    }

    /** The entry {@code name} names: the model itself, or the latest version of a versioned one. */
    public Optional<ModelEntry> describe(String name) {
        ModelEntry entry = entries.get(name);
        return Optional.ofNullable(entry != null ? entry : latestVersion(name));
    }

    private List<String> someNames() {
        return entries.keySet().stream().limit(20).toList();
    }

    /** Stops taking work, lets queued requests finish within the grace period, and frees every model. */
    @Override
    public void close() {
        background.shutdownNow();
        List<Thread> stopping = new ArrayList<>();
        for (ModelEntry entry : entries.values()) {
            Collection<ServedModel> variants = entry.snapshot().variants().values();
            entry.unloading();
            for (ServedModel variant : variants) {
                stopping.add(Thread.ofPlatform().name("stop-" + entry.name()).start(() -> variant.shutdown(shutdownGrace)));
            }
        }
        for (Thread thread : stopping) {
            try {
                thread.join(shutdownGrace.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            background.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

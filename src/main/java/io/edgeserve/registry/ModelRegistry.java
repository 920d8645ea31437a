package io.edgeserve.registry;

import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

    public ModelRegistry(ModelLoader loader, Duration shutdownGrace, long memoryBudgetBytes, RegistryListener listener) {
        this.loader = loader;
        this.shutdownGrace = shutdownGrace;
        this.memory = new MemoryBudget(memoryBudgetBytes);
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
        long start = System.nanoTime();
        try {
            ServedModel served = loader.start(loader.resolve(entry.location()));
            synchronized (memoryLock) {
                memory.hold(entry.name(), served.parameterBytes());
            }
            entry.ready(served, Duration.ofNanos(System.nanoTime() - start));
            listener.loaded(entry.name());
            log.info("Model '{}' ready in {} ms: inputs {}, outputs {}", entry.name(), entry.snapshot().loadTime().toMillis(),
                    served.signature().inputs(), served.signature().outputs());
        } catch (InvalidModelException e) {
            entry.failed(e.getMessage());
            listener.loadFailed(entry.name());
            log.error("Model '{}' failed to load: {}", entry.name(), e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            entry.failed("unexpected failure while loading: " + e.getClass().getSimpleName());
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
        ModelEntry entry = new ModelEntry(name, location, false);
        if (entries.putIfAbsent(name, entry) != null) {
            throw new ProblemException(ProblemType.MODEL_ALREADY_LOADED, "a model named '" + name + "' is already loaded")
                    .with("model", name);
        }
        long start = System.nanoTime();
        ServedModel served = null;
        try {
            ModelFiles files = loader.resolve(location);
            makeRoom(name, Files.size(files.paramsFile()));
            served = loader.start(files);
            synchronized (memoryLock) {
                memory.hold(name, served.parameterBytes());
            }
            if (entries.get(name) != entry) {
                throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "model '" + name + "' was unloaded while it loaded");
            }
            entry.ready(served, Duration.ofNanos(System.nanoTime() - start));
            listener.loaded(name);
            log.info("Model '{}' loaded from {} in {} ms", name, location.path(), entry.snapshot().loadTime().toMillis());
            return entry;
        } catch (InvalidModelException | IOException e) {
            abandon(entry, served);
            listener.loadFailed(name);
            log.warn("Model '{}' from {} cannot be loaded: {}", name, location.path(), e.getMessage());
            throw new ProblemException(ProblemType.INVALID_MODEL, "model '" + name + "' cannot be loaded: " + e.getMessage())
                    .with("model", name);
        } catch (RuntimeException e) {
            abandon(entry, served);
            listener.loadFailed(name);
            throw e;
        }
    }

    private void abandon(ModelEntry entry, ServedModel served) {
        entries.remove(entry.name(), entry);
        if (served != null) {
            served.close();
        }
        synchronized (memoryLock) {
            memory.release(entry.name());
        }
    }

    /** Reserves {@code bytes} for {@code name}, evicting least recently used idle API-loaded models if needed. */
    private void makeRoom(String name, long bytes) {
        synchronized (memoryLock) {
            if (bytes > memory.budgetBytes()) {
                throw insufficientMemory(name, bytes, "more than the whole budget");
            }
            long shortfall = memory.shortfall(bytes);
            if (shortfall > 0) {
                List<ModelEntry> idle = entries.values().stream()
                        .filter(candidate -> !candidate.configured() && !candidate.name().equals(name))
                        .filter(candidate -> candidate.state() == ModelState.READY && candidate.snapshot().served().idle())
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
        ServedModel served = victim.snapshot().served();
        victim.unloading();
        memory.release(victim.name());
        long idleMillis = (System.nanoTime() - victim.lastUsedNanos()) / 1_000_000;
        log.info("Evicting idle model '{}' (last used {} ms ago) to make room for '{}'", victim.name(), idleMillis, forModel);
        served.shutdown(shutdownGrace);
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
        ServedModel served = entry.snapshot().served();
        entry.unloading();
        if (served != null) {
            served.shutdown(shutdownGrace);
        }
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
            return memory.usedBytes();
        }
    }

    /**
     * The ready model a request names, as in {@code X-Amzn-SageMaker-Target-Model}; with no name, the only
     * model. SageMaker names multi-model targets by their archive ({@code resnet.tar.gz}), which is accepted.
     *
     * @throws ProblemException naming the model and why it cannot serve
     */
    public ServedModel resolve(String target) {
        ModelEntry entry = target == null || target.isBlank() ? onlyModel() : named(target.strip());
        ModelEntry.Snapshot snapshot = entry.snapshot();
        return switch (snapshot.state()) {
            case READY -> {
                entry.touch();
                yield snapshot.served();
            }
            case LOADING -> throw new ProblemException(ProblemType.MODEL_NOT_READY, "model '" + entry.name() + "' is still loading")
                    .with("model", entry.name());
            case UNLOADING -> throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "model '" + entry.name() + "' is being unloaded")
                    .with("model", entry.name());
            case FAILED -> throw new ProblemException(ProblemType.MODEL_NOT_READY, "model '" + entry.name()
                    + "' failed to load: " + snapshot.reason()).with("model", entry.name());
        };
    }

    private ModelEntry onlyModel() {
        if (entries.isEmpty()) {
            throw new ProblemException(ProblemType.MODEL_NOT_FOUND, "no model is loaded");
        }
        if (entries.size() > 1) {
            throw new ProblemException(ProblemType.MODEL_NOT_SPECIFIED, "several models are loaded " + someNames()
                    + ": name one in the X-Amzn-SageMaker-Target-Model header");
        }
        return entries.firstEntry().getValue();
    }

    private ModelEntry named(String target) {
        ModelEntry entry = entries.get(target);
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

    private List<String> someNames() {
        return entries.keySet().stream().limit(20).toList();
    }

    /** Stops taking work, lets queued requests finish within the grace period, and frees every model. */
    @Override
    public void close() {
        background.shutdownNow();
        List<Thread> stopping = new ArrayList<>();
        for (ModelEntry entry : entries.values()) {
            ServedModel served = entry.snapshot().served();
            if (served != null) {
                entry.unloading();
                stopping.add(Thread.ofPlatform().name("stop-" + entry.name()).start(() -> served.shutdown(shutdownGrace)));
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

package io.edgeserve.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a catalogue: one call to {@link #syncOnce()} moves through fetching, verifying and staged to applied
 * or failed. Its one rule: no request reaches a model version before every file of it matched the signed
 * catalogue and it loaded, warmed up and passed its self-test beside the version it replaces; whatever fails,
 * the models serving before keep serving. Calls are serialised; the scheduler and {@code POST /sync} share them.
 */
public final class SyncAgent {

    private static final Logger log = LoggerFactory.getLogger(SyncAgent.class);
    static final String CATALOGUE = "catalogue.json";
    static final String SIGNATURE = "catalogue.json.sig";

    private final CatalogueSource source;
    private final CatalogueCheck check;
    private final SyncStore store;
    private final FileFetcher fetcher;
    private final ModelSwitch models;
    private final SyncListener listener;
    private final Clock clock;
    private final int keepVersions;

    private SyncStore.State state = SyncStore.State.EMPTY;
    /** Versions refused for what they are (load, self-test) under the current catalogue: not retried until it changes. */
    private final Map<String, SyncFailure> refused = new HashMap<>();
    private long refusedUnder;
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private volatile SyncStatus status;

    public SyncAgent(CatalogueSource source, CatalogueCheck check, SyncStore store, ModelSwitch models,
            SyncListener listener, Clock clock, int keepVersions) {
        this(source, check, store, models, listener, clock, keepVersions, Throttle.NONE);
    }

    /** @param throttle the bandwidth cap on downloads */
    public SyncAgent(CatalogueSource source, CatalogueCheck check, SyncStore store, ModelSwitch models,
            SyncListener listener, Clock clock, int keepVersions, Throttle throttle) {
        this.source = source;
        this.check = check;
        this.store = store;
        this.fetcher = new FileFetcher(store, listener::bytesDownloaded, throttle);
        this.models = models;
        this.listener = listener;
        this.clock = clock;
        this.keepVersions = keepVersions;
        this.status = new SyncStatus(source.describe(), SyncState.IDLE, null, null, 0, 0, null, null, Map.of());
    }

    public SyncStatus status() {
        return status;
    }

    /**
     * Serves what was applied last, from disk and without the network: called once at start, before any sync.
     * Those versions passed every check when they were applied; each loads as it did then.
     */
    public synchronized SyncStatus restore() {
        try {
            state = store.readState();
        } catch (IOException e) {
            return fail(new SyncFailure(SyncFailure.Reason.DISK, "cannot read " + store.root() + "/state.json: "
                    + e.getMessage(), e), null);
        }
        for (Map.Entry<String, Long> model : state.models().entrySet()) {
            String entry = model.getKey() + ":" + model.getValue();
            try {
                models.loadHidden(entry, store.modelDir(model.getKey(), model.getValue()));
                models.reveal(entry);
                log.info("Sync: serving {} from {} (restored from disk)", entry, store.root());
            } catch (SyncFailure e) {
                log.error("Sync: cannot restore {} from disk: {}", entry, e.getMessage());
                refused.put(entry, e);
                state = state.serving(model.getKey(), null);
            }
        }
        SyncState restored = state.models().isEmpty() ? SyncState.IDLE : SyncState.APPLIED;
        publish(restored, null, null, null);
        return status;
    }

    /** One sync: fetch and verify the catalogue, then bring every model to the version it lists. */
    public synchronized SyncStatus syncOnce() {
        Instant attempt = clock.instant();
        pending.clear();
        publish(SyncState.FETCHING, null, attempt, null);
        byte[] json;
        byte[] signature;
        try {
            json = source.readSmall(CATALOGUE);
            signature = source.readSmall(SIGNATURE);
        } catch (IOException e) {
            return fail(new SyncFailure(SyncFailure.Reason.SOURCE_UNREACHABLE, "cannot read " + source.describe()
                    + CATALOGUE + ": " + e.getMessage(), e), attempt);
        }
        if (json == null) {
            return fail(new SyncFailure(SyncFailure.Reason.MALFORMED, "no " + CATALOGUE + " at " + source.describe()),
                    attempt);
        }
        publish(SyncState.VERIFYING, null, attempt, null);
        try {
            Catalogue catalogue = check.verify(json, signature, state.highestSeenVersion());
            if (catalogue.version() != refusedUnder) {
                refused.clear();
                refusedUnder = catalogue.version();
            }
            state = state.seen(catalogue.version());
            save();
            List<SyncFailure> failures = apply(catalogue);
            if (!failures.isEmpty()) {
                SyncFailure first = failures.getFirst();
                return fail(new SyncFailure(first.reason(), failures.size() + " model(s) not switched under catalogue "
                        + catalogue.version() + ": " + String.join("; ", failures.stream().map(Throwable::getMessage).toList()),
                        first), attempt);
            }
            if (state.appliedVersion() != catalogue.version()) {
                state = state.applied(catalogue.version());
                store.writeApplied(json, signature);
                save();
                listener.applied(catalogue.version(), clock.instant().toEpochMilli() / 1000.0);
                log.info("Sync: catalogue {} applied: {}", catalogue.version(), state.models());
            }
            publish(SyncState.APPLIED, null, attempt, clock.instant());
            return status;
        } catch (SyncFailure e) {
            return fail(e, attempt);
        } catch (IOException e) {
            return fail(new SyncFailure(SyncFailure.Reason.DISK, "cannot write to " + store.root() + ": "
                    + e.getMessage(), e), attempt);
        }
    }

    /** Brings the models to the catalogue's versions; returns the models' failures (empty: all done). */
    private List<SyncFailure> apply(Catalogue catalogue) throws SyncFailure, IOException {
        List<Catalogue.Release> changed = new ArrayList<>();
        for (Catalogue.Release release : catalogue.models()) {
            Long serving = state.models().get(release.name());
            // A version unloaded behind sync's back (DELETE /models, an eviction for memory) is loaded again.
            boolean missing = serving != null && serving == release.version() && !models.serves(release.entryName());
            if ((serving == null || serving != release.version() || missing) && !refused.containsKey(release.entryName())) {
                changed.add(release);
                pending.put(release.name(), release.version());
            }
        }
        List<SyncFailure> failures = new ArrayList<>(refused.values());
        List<Catalogue.Release> staged = new ArrayList<>();
        for (Catalogue.Release release : changed) {
            try {
                stage(release);
                staged.add(release);
            } catch (SyncFailure e) {
                if (catalogue.atomic()) {
                    throw atomicRefusal(release, e);
                }
                failures.add(modelFailure(release, e));
            }
        }
        publish(SyncState.STAGED, null, status.lastAttempt(), status.lastSuccess());
        List<Catalogue.Release> tested = new ArrayList<>();
        for (Catalogue.Release release : staged) {
            try {
                loadAndTest(release);
                tested.add(release);
            } catch (SyncFailure e) {
                refused.put(release.entryName(), modelFailure(release, e));
                if (catalogue.atomic()) {
                    tested.forEach(candidate -> abandon(candidate));
                    throw atomicRefusal(release, e);
                }
                failures.add(refused.get(release.entryName()));
            }
        }
        swap(tested);
        for (String name : List.copyOf(state.models().keySet())) {
            if (catalogue.release(name) == null) {
                models.retire(name + ":" + state.models().get(name));
                state = state.serving(name, null);
                save();
                store.remove(name);
                log.info("Sync: model '{}' left the catalogue and was unloaded", name);
            }
        }
        return failures;
    }

    private void stage(Catalogue.Release release) throws SyncFailure {
        if (store.hasModel(release.name(), release.version())) {
            return;
        }
        publish(SyncState.FETCHING, null, status.lastAttempt(), status.lastSuccess());
        fetcher.fetch(source, release);
        try {
            store.commitStaged(release);
        } catch (IOException e) {
            throw new SyncFailure(SyncFailure.Reason.DISK, "cannot move " + release.entryName() + " into place: "
                    + e.getMessage(), e);
        }
    }

    private void loadAndTest(Catalogue.Release release) throws SyncFailure {
        Path dir = store.modelDir(release.name(), release.version());
        models.loadHidden(release.entryName(), dir);
        Catalogue.SelfTest test = release.selfTest();
        if (test == null) {
            return;
        }
        try {
            float[] output = models.predict(release.entryName(), test.shape(), test.input());
            String mismatch = SelfTestCheck.mismatch(output, test.expected(), test.tolerance());
            if (mismatch != null) {
                throw new SyncFailure(SyncFailure.Reason.SELF_TEST, "self-test failed: " + mismatch);
            }
        } catch (SyncFailure e) {
            abandon(release);
            throw e;
        }
    }

    private void abandon(Catalogue.Release release) {
        models.retire(release.entryName());
        listener.rolledBack(release.name());
    }

    private void swap(List<Catalogue.Release> tested) throws IOException {
        List<String> old = new ArrayList<>();
        for (Catalogue.Release release : tested) {
            models.reveal(release.entryName());
            Long previous = state.models().get(release.name());
            if (previous != null && previous != release.version()) {
                old.add(release.name() + ":" + previous);
            }
            state = state.serving(release.name(), release.version());
            pending.remove(release.name());
            listener.swapped(release.name());
            log.info("Sync: '{}' now serves version {}", release.name(), release.version());
        }
        save();
        old.forEach(models::retire);
        for (Catalogue.Release release : tested) {
            store.prune(release.name(), release.version(), keepVersions);
        }
    }

    private static SyncFailure modelFailure(Catalogue.Release release, SyncFailure e) {
        return new SyncFailure(e.reason(), "'" + release.name() + "' version " + release.version() + ": " + e.getMessage(), e);
    }

    private static SyncFailure atomicRefusal(Catalogue.Release release, SyncFailure e) {
        return new SyncFailure(e.reason(), "the catalogue is atomic and '" + release.name() + "' version "
                + release.version() + " failed, so no model switched: " + e.getMessage(), e);
    }

    private void save() throws IOException {
        store.writeState(state);
    }

    private SyncStatus fail(SyncFailure failure, Instant attempt) {
        listener.failed(failure.reason());
        log.warn("Sync failed ({}): {}", failure.reason().tag(), failure.getMessage());
        publish(SyncState.FAILED, failure, attempt, status.lastSuccess());
        return status;
    }

    private void publish(SyncState next, SyncFailure failure, Instant attempt, Instant success) {
        Map<String, SyncStatus.ModelStatus> perModel = new LinkedHashMap<>();
        state.models().forEach((name, version) -> perModel.put(name, new SyncStatus.ModelStatus(version, null, null, null)));
        pending.forEach((name, version) -> perModel.merge(name, new SyncStatus.ModelStatus(null, version, null, null),
                (a, b) -> new SyncStatus.ModelStatus(a.serving(), version, null, null)));
        refused.forEach((entry, why) -> {
            String name = entry.substring(0, entry.lastIndexOf(':'));
            long version = Long.parseLong(entry.substring(entry.lastIndexOf(':') + 1));
            SyncStatus.ModelStatus current = perModel.get(name);
            perModel.put(name, new SyncStatus.ModelStatus(current == null ? null : current.serving(), null, version,
                    why.getMessage()));
        });
        status = new SyncStatus(source.describe(), next, failure == null ? null : failure.getMessage(),
                failure == null ? null : failure.reason().tag(), state.appliedVersion(), state.highestSeenVersion(),
                attempt != null ? attempt : status.lastAttempt(), success, perModel);
    }
}

package io.edgeserve.registry;

import io.edgeserve.model.ModelLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One named model in the registry and its state. State changes are published together through a single
 * volatile snapshot, so a reader never sees a READY state without the variants that serve it.
 */
public final class ModelEntry {

    /**
     * What a reader sees of the entry at one moment.
     *
     * @param variants         the loaded precision variants; empty unless ready
     * @param defaultPrecision the variant a request gets when it names none
     */
    public record Snapshot(ModelState state, Map<Precision, ServedModel> variants, Precision defaultPrecision,
                           String reason, Instant loadedAt, Duration loadTime) {

        public Snapshot {
            variants = Collections.unmodifiableMap(variants.isEmpty() ? Map.of() : new EnumMap<>(variants));
        }

        /** The default variant, or null when not ready. */
        public ServedModel served() {
            return variants.get(defaultPrecision);
        }

        Snapshot withVariant(ServedModel variant) {
            Map<Precision, ServedModel> more = new EnumMap<>(Precision.class);
            more.putAll(variants);
            more.put(variant.precision(), variant);
            return new Snapshot(state, more, defaultPrecision, reason, loadedAt, loadTime);
        }
    }

    private final String name;
    private final ModelLocation location;
    private final boolean configured;
    /** A candidate loaded beside a serving version: no request finds it until {@link #reveal()} (model sync). */
    private volatile boolean hidden;
    private volatile Snapshot snapshot = new Snapshot(ModelState.LOADING, Map.of(), Precision.FLOAT32, null, null, null);
    private volatile long lastUsedNanos = System.nanoTime();

    ModelEntry(String name, ModelLocation location, boolean configured) {
        this(name, location, configured, false);
    }

    ModelEntry(String name, ModelLocation location, boolean configured, boolean hidden) {
        this.name = name;
        this.location = location;
        this.configured = configured;
        this.hidden = hidden;
    }

    /** True while the entry is a candidate that requests cannot reach (see {@link ModelRegistry#loadHidden}). */
    public boolean hidden() {
        return hidden;
    }

    void reveal() {
        hidden = false;
    }

    public String name() {
        return name;
    }

    public ModelLocation location() {
        return location;
    }

    /** True for models from the model folder at start-up, which {@code /ping} waits for. */
    public boolean configured() {
        return configured;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public ModelState state() {
        return snapshot.state();
    }

    /** The {@link System#nanoTime()} of the last request this model was given. */
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    void ready(Map<Precision, ServedModel> variants, Precision defaultPrecision, Duration loadTime) {
        snapshot = new Snapshot(ModelState.READY, variants, defaultPrecision, null, Instant.now(), loadTime);
    }

    /** Publishes one more variant; callers hold the entry's lock so that two additions cannot race. */
    void addVariant(ServedModel variant) {
        snapshot = snapshot.withVariant(variant);
    }

    void failed(String reason) {
        snapshot = new Snapshot(ModelState.FAILED, Map.of(), Precision.FLOAT32, reason, null, null);
    }

    void unloading() {
        Snapshot current = snapshot;
        snapshot = new Snapshot(ModelState.UNLOADING, Map.of(), current.defaultPrecision(), null, current.loadedAt(), current.loadTime());
    }
}

package io.edgeserve.registry;

import io.edgeserve.model.ModelLocation;
import java.time.Duration;
import java.time.Instant;

/**
 * One named model in the registry and its state. State changes are published together through a single
 * volatile snapshot, so a reader never sees a READY state without its served model.
 */
public final class ModelEntry {

    /** What a reader sees of the entry at one moment. */
    public record Snapshot(ModelState state, ServedModel served, String reason, Instant loadedAt, Duration loadTime) {}

    private final String name;
    private final ModelLocation location;
    private final boolean configured;
    private volatile Snapshot snapshot = new Snapshot(ModelState.LOADING, null, null, null, null);
    private volatile long lastUsedNanos = System.nanoTime();

    ModelEntry(String name, ModelLocation location, boolean configured) {
        this.name = name;
        this.location = location;
        this.configured = configured;
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

    void ready(ServedModel served, Duration loadTime) {
        snapshot = new Snapshot(ModelState.READY, served, null, Instant.now(), loadTime);
    }

    void failed(String reason) {
        snapshot = new Snapshot(ModelState.FAILED, null, reason, null, null);
    }

    void unloading() {
        Snapshot current = snapshot;
        snapshot = new Snapshot(ModelState.UNLOADING, null, null, current.loadedAt(), current.loadTime());
    }
}

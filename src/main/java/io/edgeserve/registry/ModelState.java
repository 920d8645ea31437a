package io.edgeserve.registry;

/** Where a model is in its life; only {@link #READY} models take requests. */
public enum ModelState {
    LOADING,
    READY,
    FAILED,
    UNLOADING;

    /** The lower-case name used in JSON bodies. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

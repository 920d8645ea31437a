package io.edgeserve.sync;

/** What sync tells its observers (metrics); every method is called on the sync thread and must return at once. */
public interface SyncListener {

    default void bytesDownloaded(long bytes) {}

    default void failed(SyncFailure.Reason reason) {}

    /** A model's name moved to a new version. */
    default void swapped(String model) {}

    /** A loaded candidate was abandoned and the model stayed on its old version. */
    default void rolledBack(String model) {}

    /** A catalogue was applied in full; {@code epochSeconds} is when. */
    default void applied(long catalogueVersion, double epochSeconds) {}

    SyncListener NONE = new SyncListener() {};
}

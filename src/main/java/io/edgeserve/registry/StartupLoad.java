package io.edgeserve.registry;

/**
 * Models on their way into the registry as the service starts that do not come from the model folder: model
 * sync's versions restored from disk. {@code /ping} says 503 until each has finished, as it does for the model
 * folder's models, so that a gateway that restarts is not called healthy while the models it served are loading.
 */
public interface StartupLoad {

    /** What is loading, for {@code /ping}'s body: "model sync", say. */
    String name();

    /** Why the service is not ready yet, or null once this load has finished (whether or not every model loaded). */
    String pending();
}

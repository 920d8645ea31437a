package io.edgeserve.registry;

/** What the registry tells metrics about models coming and going; every method defaults to doing nothing. */
public interface RegistryListener {

    RegistryListener NONE = new RegistryListener() {};

    default void loaded(String model) {}

    /** A variant was added to a model that serves already (a float16 variant derived on its first request). */
    default void variantAdded(String model, Precision precision) {}

    default void loadFailed(String model) {}

    default void unloaded(String model) {}

    default void evicted(String model) {}
}

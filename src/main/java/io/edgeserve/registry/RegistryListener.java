package io.edgeserve.registry;

/** What the registry tells metrics about models coming and going; every method defaults to doing nothing. */
public interface RegistryListener {

    RegistryListener NONE = new RegistryListener() {};

    default void loaded(String model) {}

    default void loadFailed(String model) {}

    default void unloaded(String model) {}

    default void evicted(String model) {}
}

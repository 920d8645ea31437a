package io.edgeserve.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * Accounts for the memory models take against one budget. A load first reserves its estimate (the size of
 * its params), and settles on the measured size once loaded; an unload releases it. Not thread-safe: the
 * registry calls it under its own lock.
 */
final class MemoryBudget {

    private final long budgetBytes;
    private final Map<String, Long> held = new HashMap<>();
    private long usedBytes;

    MemoryBudget(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the memory budget must be positive, was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    long usedBytes() {
        return usedBytes;
    }

    /** Bytes that must be freed before {@code bytes} more fit; zero or less when they fit now. */
    long shortfall(long bytes) {
        return usedBytes + bytes - budgetBytes;
    }

    void hold(String name, long bytes) {
        release(name);
        held.put(name, bytes);
        usedBytes += bytes;
    }

    void release(String name) {
        Long bytes = held.remove(name);
        if (bytes != null) {
            usedBytes -= bytes;
        }
    }

    long heldBy(String name) {
        return held.getOrDefault(name, 0L);
    }
}

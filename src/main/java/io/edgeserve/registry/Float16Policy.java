package io.edgeserve.registry;

/**
 * When a float32 model's float16 variant is derived by casting its weights: at load ({@link #EAGER}), on its
 * first request ({@link #LAZY}), or not at all ({@link #NEVER}, where only float16 files in the folder count).
 */
public enum Float16Policy {
    EAGER,
    LAZY,
    NEVER
}

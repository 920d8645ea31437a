package io.edgeserve.inference;

import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ModelFiles;

/** Loads models into an engine: from their files, or as the float16 variant of a float32 model already loaded. */
public interface ModelEngine {

    /**
     * Returns once the engine can load models (for MXNet: its native library has loaded), so that what a model's
     * own load costs can be told apart from what the engine's start costs.
     */
    default void awaitReady() {}

    /** @throws InvalidModelException with the reason where the files cannot be served */
    InferenceModel load(ModelFiles files);

    /**
     * The float16 variant of {@code float32}, loaded from {@code files}: weights halved to float16, compute in
     * float32 (see docs/models.md).
     *
     * @throws InvalidModelException where the model's parameters are not all float32
     */
    InferenceModel deriveFloat16(ModelFiles files, InferenceModel float32);
}

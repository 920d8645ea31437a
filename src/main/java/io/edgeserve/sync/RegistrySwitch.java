package io.edgeserve.sync;

import io.edgeserve.model.ModelLocation;
import io.edgeserve.problem.ProblemException;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ModelState;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ModelSwitch} over the real {@link ModelRegistry}. Retiring a version waits {@code drain} first: a request
 * that resolved the name just before the swap may still be on its way to the old version's queue, and must find
 * it open; after that the registry lets queued requests finish before it frees the model.
 */
public final class RegistrySwitch implements ModelSwitch {

    private final ModelRegistry registry;
    private final Duration drain;
    private final Duration selfTestTimeout;

    public RegistrySwitch(ModelRegistry registry, Duration drain, Duration selfTestTimeout) {
        this.registry = registry;
        this.drain = drain;
        this.selfTestTimeout = selfTestTimeout;
    }

    @Override
    public void loadHidden(String entryName, Path dir) throws SyncFailure {
        try {
            registry.loadHidden(entryName, new ModelLocation(entryName, dir));
        } catch (ProblemException e) {
            throw new SyncFailure(SyncFailure.Reason.LOAD, e.getMessage(), e);
        }
    }

    @Override
    public float[] predict(String entryName, List<Long> shape, float[] input) throws SyncFailure {
        ServedModel served = registry.entry(entryName).map(ModelEntry::snapshot).map(ModelEntry.Snapshot::served)
                .orElseThrow(() -> new SyncFailure(SyncFailure.Reason.SELF_TEST, entryName + " is not ready"));
        Tensor tensor = Tensor.ofFloats(Shape.of(shape), input);
        try {
            List<Tensor> outputs = served.submit(List.of(tensor), selfTestTimeout)
                    .get(selfTestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return outputs.getFirst().toFloatArray();
        } catch (ExecutionException e) {
            throw new SyncFailure(SyncFailure.Reason.SELF_TEST, "the self-test prediction failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new SyncFailure(SyncFailure.Reason.SELF_TEST, "the self-test prediction took longer than " + selfTestTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure(SyncFailure.Reason.SELF_TEST, "interrupted during the self-test");
        }
    }

    @Override
    public void reveal(String entryName) {
        registry.reveal(entryName);
    }

    @Override
    public boolean serves(String entryName) {
        return registry.entry(entryName).map(entry -> entry.state() == ModelState.READY && !entry.hidden()).orElse(false);
    }

    @Override
    public void retire(String entryName) {
        if (registry.entry(entryName).isEmpty()) {
            return;
        }
        if (registry.entry(entryName).get().hidden()) {
            registry.unload(entryName);
            return;
        }
        try {
            Thread.sleep(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            registry.unload(entryName);
        } catch (ProblemException alreadyGone) {
            // unloaded meanwhile through the multi-model API
        }
    }
}

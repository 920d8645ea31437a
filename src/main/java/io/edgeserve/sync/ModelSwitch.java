package io.edgeserve.sync;

import java.nio.file.Path;
import java.util.List;

/**
 * The registry as model sync sees it: the seam through which sync loads, tests, reveals and retires models.
 * Entries are named {@code NAME:VERSION}; requests for {@code NAME} go to the highest revealed ready version.
 */
public interface ModelSwitch {

    /** Loads and warms up a version that no request can reach yet. */
    void loadHidden(String entryName, Path dir) throws SyncFailure;

    /** The model's first output, flattened, for one input (a self-test). */
    float[] predict(String entryName, List<Long> shape, float[] input) throws SyncFailure;

    /** From now on, requests for the model's name reach this version. */
    void reveal(String entryName);

    /** True while the entry is loaded and ready (a model unloaded or evicted behind sync's back is not). */
    boolean serves(String entryName);

    /** Unloads a version once requests that already reached it have finished; unknown names are ignored. */
    void retire(String entryName);
}

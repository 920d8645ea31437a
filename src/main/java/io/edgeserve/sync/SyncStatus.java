package io.edgeserve.sync;

import java.time.Instant;
import java.util.Map;

/**
 * What {@code GET /sync} shows: one immutable snapshot, replaced as the agent moves.
 *
 * @param reason          why the last sync failed (null unless {@code state} is FAILED)
 * @param reasonTag       the bounded failure reason ({@link SyncFailure.Reason#tag()}), or null
 * @param appliedVersion  the catalogue version applied in full, 0 for none
 * @param highestSeenVersion the highest catalogue version verified: an older one is refused as a replay
 */
public record SyncStatus(String source, SyncState state, String reason, String reasonTag, long appliedVersion,
        long highestSeenVersion, Instant lastAttempt, Instant lastSuccess, Map<String, ModelStatus> models) {

    public SyncStatus {
        models = Map.copyOf(models);
    }

    /**
     * One model as sync sees it.
     *
     * @param serving  the version taking requests, or null
     * @param pending  a version being fetched or tested, or null
     * @param refused  a version refused, or null
     * @param reason   why it was refused
     */
    public record ModelStatus(Long serving, Long pending, Long refused, String reason) {}
}

/**
 * Model sync for edge gateways: the gateway follows a signed catalogue published at a source (S3, HTTPS or a
 * folder), downloads what changed into a staging folder with resumable transfers, verifies every file against
 * the catalogue, loads each new version beside the serving one, warms it up and self-tests it, and only then
 * moves the model's name to it.
 *
 * <p>{@link io.edgeserve.sync.SyncAgent} is the state machine (idle, fetching, verifying, staged, applied,
 * failed) and keeps the reason of its last failure for {@code GET /sync}. Every side effect sits behind a seam:
 * the {@link io.edgeserve.sync.CatalogueSource} (network), the {@link io.edgeserve.sync.SyncStore} (disk) and
 * {@link io.edgeserve.sync.ModelSwitch} (the registry). Time is injected: a {@link java.time.Clock} for expiry and
 * status times, a nanosecond ticker for the poll schedule.
 */
package io.edgeserve.sync;

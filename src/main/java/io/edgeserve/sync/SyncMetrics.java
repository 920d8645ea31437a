package io.edgeserve.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The {@code edgeserve_sync_*} meters (docs/observability.md). Tags are bounded: {@code reason} is one of
 * {@link SyncFailure.Reason}, {@code model} one of the catalogue's models.
 */
public final class SyncMetrics implements SyncListener {

    /** {@code edgeserve_sync_applied_version}: the catalogue version applied in full. */
    public static final String APPLIED_VERSION = "edgeserve.sync.applied.version";
    /** {@code edgeserve_sync_last_success_timestamp_seconds}: when a sync last succeeded. */
    public static final String LAST_SUCCESS = "edgeserve.sync.last.success.timestamp";
    /** {@code edgeserve_sync_download_bytes_total}: bytes received from the source, resumed ranges included. */
    public static final String DOWNLOADED = "edgeserve.sync.download";
    /** {@code edgeserve_sync_failures_total}: syncs and models refused or failed, by reason. */
    public static final String FAILURES = "edgeserve.sync.failures";
    /** {@code edgeserve_sync_swaps_total}: a model's name moved to a new version. */
    public static final String SWAPS = "edgeserve.sync.swaps";
    /** {@code edgeserve_sync_rollbacks_total}: a loaded candidate abandoned, the old version kept serving. */
    public static final String ROLLBACKS = "edgeserve.sync.rollbacks";

    private final MeterRegistry registry;
    private final Counter downloaded;
    /** Not by model: the status names the model; this counts how often a fleet's gateways refused a new version. */
    private final Counter rollbacks;

    public SyncMetrics(MeterRegistry registry, Supplier<SyncStatus> status) {
        this.registry = registry;
        this.downloaded = Counter.builder(DOWNLOADED).baseUnit("bytes")
                .description("Bytes downloaded by model sync, resumed ranges included").register(registry);
        this.rollbacks = Counter.builder(ROLLBACKS)
                .description("New versions abandoned after loading; the old version kept serving").register(registry);
        Gauge.builder(APPLIED_VERSION, () -> status.get().appliedVersion())
                .description("The catalogue version applied in full (0: none)").register(registry);
        Gauge.builder(LAST_SUCCESS, () -> {
            SyncStatus current = status.get();
            return current.lastSuccess() == null ? 0 : current.lastSuccess().toEpochMilli() / 1000.0;
        }).baseUnit("seconds").description("When a sync last succeeded, in seconds since the epoch (0: never)")
                .register(registry);
        for (SyncFailure.Reason reason : SyncFailure.Reason.values()) {
            failures(reason);
        }
    }

    @Override
    public void bytesDownloaded(long bytes) {
        downloaded.increment(bytes);
    }

    @Override
    public void failed(SyncFailure.Reason reason) {
        failures(reason).increment();
    }

    @Override
    public void swapped(String model) {
        Counter.builder(SWAPS).tag("model", model).description("Models moved to a new version by sync")
                .register(registry).increment();
    }

    @Override
    public void rolledBack(String model) {
        rollbacks.increment();
    }

    private Counter failures(SyncFailure.Reason reason) {
        return Counter.builder(FAILURES).tag("reason", reason.tag())
                .description("Syncs and models refused or failed, by reason").register(registry);
    }
}

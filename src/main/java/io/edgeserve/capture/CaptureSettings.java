package io.edgeserve.capture;

import io.edgeserve.model.ModelManifest;

/**
 * What is captured of one model's requests: the global {@code edgeserve.capture.*} values, each overridable in
 * the model's manifest ({@code "capture": {...}}).
 *
 * @param enabled            whether this model's requests are captured at all
 * @param samplingPercentage the share of answered requests captured, 0 to 100
 * @param mode               input, output or both
 * @param maxBodyBytes       the largest body recorded; a larger one is recorded as skipped, never cut
 */
public record CaptureSettings(boolean enabled, double samplingPercentage, CaptureMode mode, long maxBodyBytes) {

    public CaptureSettings {
        if (!(samplingPercentage >= 0 && samplingPercentage <= 100)) {
            throw new IllegalArgumentException("capture sampling-percentage must be within 0 and 100, got "
                    + samplingPercentage);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("capture max-body-size must not be negative");
        }
        if (mode == null) {
            throw new IllegalArgumentException("capture mode is input, output or both");
        }
    }

    /** These settings with a manifest's overrides applied; a field the manifest leaves out keeps its value. */
    public CaptureSettings with(ModelManifest.CaptureOverrides overrides) {
        if (overrides == null) {
            return this;
        }
        return new CaptureSettings(
                overrides.enabled() != null ? overrides.enabled() : enabled,
                overrides.samplingPercentage() != null ? overrides.samplingPercentage() : samplingPercentage,
                overrides.mode() != null ? CaptureMode.parse(overrides.mode()) : mode,
                overrides.maxBodySize() != null ? overrides.maxBodySize().toBytes() : maxBodyBytes);
    }
}

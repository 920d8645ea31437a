package io.edgeserve.capture;

import java.time.Instant;
import java.util.Map;

/**
 * What GET /capture tells: the same facts as the {@code edgeserve_capture_*} metrics, with the agents' states and
 * the reason of the last failure.
 *
 * @param writerState        {@code IDLE}, {@code WRITING} or {@code FAILED}
 * @param uploaderState      {@code IDLE}, {@code UPLOADING}, {@code BACKING_OFF} or {@code NO_DESTINATION}
 * @param lastUploadFailure  why the last upload failed, or null since a success
 * @param droppedRecords     records lost before upload, by reason
 * @param lastUpload         when the destination last confirmed a file, or null
 * @param rejectedFiles      files the destination refused for good, moved aside to the spool's {@code rejected/}
 * @param filesRejected      files in {@code rejected/} now (the spool's bounds delete them first)
 * @param lastRejection      the last file moved aside and why, or null
 */
public record CaptureStatus(boolean enabled, String destination, String writerState, String writerFailure,
                            String uploaderState, String lastUploadFailure, int consecutiveUploadFailures,
                            long capturedRecords, Map<String, Long> droppedRecords, long skippedBodies,
                            int queueDepth, int queueCapacity, long spoolBytes, long maxSpoolBytes, int filesWaiting,
                            long uploads, long uploadFailures, Instant lastUpload, long rejectedFiles,
                            int filesRejected, String lastRejection) {

    /** The status where capture is off. */
    static CaptureStatus disabled() {
        return new CaptureStatus(false, null, null, null, null, null, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, null);
    }
}

package io.edgeserve.sync;

import java.util.Locale;

/** Why a sync, or one model of it, was refused; the reason is a metric tag and the message goes to the status. */
public final class SyncFailure extends Exception {

    /** Bounded reasons: each is a value of the {@code reason} tag of {@code edgeserve_sync_failures_total}. */
    public enum Reason {
        SOURCE_UNREACHABLE, MALFORMED, SIGNATURE, REPLAY, EXPIRED, SIZE, SHA256, LOAD, SELF_TEST, DISK;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public SyncFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SyncFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Failures that a later attempt may not repeat (the link, the disk), against those the content causes. */
    public boolean transientFailure() {
        return reason == Reason.SOURCE_UNREACHABLE || reason == Reason.DISK;
    }
}

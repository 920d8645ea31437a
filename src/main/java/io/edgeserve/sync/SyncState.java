package io.edgeserve.sync;

/** Where the sync agent is in one sync (STYLE.md point 14): the status shows it with the reason of a failure. */
public enum SyncState {
    /** Nothing attempted yet. */
    IDLE,
    /** Reading the catalogue or downloading files. */
    FETCHING,
    /** Checking the signature, version and expiry, or file sizes and sha256. */
    VERIFYING,
    /** Every new file is verified on disk; loading, warming up and self-testing the new versions. */
    STAGED,
    /** The catalogue is applied: every model serves the version it lists. */
    APPLIED,
    /** The last sync was refused or failed; the reason says why, and the models serving before still serve. */
    FAILED
}

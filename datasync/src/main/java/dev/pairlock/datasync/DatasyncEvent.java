package dev.pairlock.datasync;

import java.time.Instant;

/**
 * A health event of data sync, reported once: a priority's sync failed (and, later, cleared), or
 * the sync link moved between the primary and the fallback.
 *
 * @param priority 1..3 for SYNC_FAILED/SYNC_CLEARED, 0 for link events
 * @param detail   the reason, in words, naming the item, file or link
 */
public record DatasyncEvent(Instant time, Kind kind, int priority, String detail) {
    public enum Kind {
        /** A priority could not be synced after its retries (retried on, at the retry interval). */
        SYNC_FAILED,
        /** A priority that had failed is in sync again. */
        SYNC_CLEARED,
        /** The primary link failed; sync moved to the fallback. */
        LINK_FALLBACK,
        /** The primary link is back; sync moved back to it. */
        LINK_PRIMARY_RESTORED
    }

    @Override
    public String toString() {
        return time + " " + kind + (priority > 0 ? " priority " + priority : "") + ": " + detail;
    }
}

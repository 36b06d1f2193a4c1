package dev.pairlock.datasync;

/**
 * Whoever routes data sync's news (the daemon: health events to the SEL and traps, the status to
 * the failover protocol's S5 gate). Called on the engine's scheduler, one call at a time; do not
 * block in it.
 */
public interface DatasyncListener {
    /** The status changed (a state, a reason, pending counts or the link). */
    default void onStatus(DatasyncStatus status) {
    }

    /** A health event; each failure once, until it clears. */
    default void onEvent(DatasyncEvent event) {
    }
}

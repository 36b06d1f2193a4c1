package dev.pairlock.datasync;

/** The Datasync Status sensor's value for one priority. */
public enum SyncState {
    /** Every item of the priority was synced and nothing changed since. */
    IN_SYNC,
    /** Changes are pending or being sent (or a retry is due and the failure is not yet reported). */
    SYNCING,
    /** An item could not be synced after its retries; reported once as a health event. */
    FAILED,
    /** Nothing to sync: no items, every item refused by its sync flag, sync off, or no peer. */
    DISABLED;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package dev.pairlock.datasync;

/** When an item is synced (OpenBMC phosphor-data-sync's SyncType). */
public enum SyncType {
    /** On every change, watched with the JDK's {@code WatchService} (inotify on Linux). */
    IMMEDIATE,
    /** Every {@code period}, compared by size and mtime. */
    PERIODIC
}

package dev.pairlock.datasync;

/**
 * What the failover protocol has made this SC, as data sync needs it: only a MAIN sends, only a
 * SPARE receives, and anything else (UNKNOWN, BECOMING_MAIN, halted) does neither.
 */
public enum SyncRole {
    MAIN, SPARE, NONE
}

package dev.pairlock.datasync;

/** A live connection the engine's ticker watches: closed when stalled, kept alive when idle. */
interface Session {
    /** The channel, or null while it is being set up. */
    RecordChannel channel();
}

package dev.pairlock.hal.heartbeat;

/** Receives the peer's heartbeat edges. */
public interface HeartbeatListener {
    /** One edge; {@code timestampNanos} is on the backend's monotonic clock, {@code sequence} counts from 1. */
    void onBeat(long timestampNanos, long sequence);

    /** {@code count} edges were lost (an event buffer overflowed) before the one at {@code sequence}. */
    default void onMissed(long count, long sequence) {
    }
}

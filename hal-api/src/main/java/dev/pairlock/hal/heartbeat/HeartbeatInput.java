package dev.pairlock.hal.heartbeat;

/**
 * The peer's heartbeat as latched by this SC. {@link #edgeCount()} is the cheap probe the failure
 * detector reads; listeners see each edge with its timestamp and any edges known to be missed.
 */
public interface HeartbeatInput extends AutoCloseable {
    /** Edges seen since this input was opened, including those reported missed. Monotonic. */
    long edgeCount();

    /** Delivers edges as they arrive; closing the returned handle stops delivery. */
    AutoCloseable listen(HeartbeatListener listener);

    @Override
    default void close() {
    }
}

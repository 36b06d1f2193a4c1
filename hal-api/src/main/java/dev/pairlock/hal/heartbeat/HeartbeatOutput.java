package dev.pairlock.hal.heartbeat;

/**
 * This SC's heartbeat towards the peer (the SBBC output). Software drives it: a process that
 * stops running stops beating, which is exactly what the peer must be able to see.
 */
public interface HeartbeatOutput extends AutoCloseable {
    /** Emits one heartbeat edge. */
    void beat();

    @Override
    default void close() {
    }
}

package dev.pairlock.hal.peer;

/**
 * The datagram channel to the peer SC (the seed's "I2 network"), independent of the heartbeat
 * line. Frames may be lost; nothing is acknowledged at this layer.
 */
public interface PeerLink extends AutoCloseable {
    /** Sends one frame; returns without waiting. A frame the link cannot carry is dropped. */
    void send(byte[] frame);

    /**
     * Whether this SC's own end of the link is up (the interface's RUNNING flag, as IPMP's
     * link-based detection reads it). The link runs through the chassis switch, so a dead peer does
     * not drop our carrier: carrier down is a fault on our side.
     */
    boolean carrier();

    /** Frames from the peer are handed to {@code receiver}; replaces any previous receiver. */
    void onFrame(FrameReceiver receiver);

    @Override
    default void close() {
    }

    /** Receives frames from the peer. */
    @FunctionalInterface
    interface FrameReceiver {
        void onFrame(byte[] frame);
    }
}

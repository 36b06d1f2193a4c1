package dev.pairlock.failover;

/** The two independent signals of the peer's health that the failure detector probes. */
public enum Signal implements HealthEvent.Detail {
    /** The SBBC heartbeat line: the peer's edge count must advance between probes. */
    HEARTBEAT("heartbeat"),
    /** The peer link (RPC channel): any frame from the peer within a probe interval. */
    PEER_LINK("peer link");

    private final String words;

    Signal(String words) {
        this.words = words;
    }

    @Override
    public String describe() {
        return words;
    }
}

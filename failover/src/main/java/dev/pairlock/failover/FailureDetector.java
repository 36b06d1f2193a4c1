package dev.pairlock.failover;

/**
 * IPMP probe-based failure detection of the peer over two independent signals: the heartbeat line
 * (the peer's edge count must advance between probes) and the peer link (any frame from the peer
 * within a probe interval). One probe every second tick (FDT/5); each signal fails after 5 missed
 * probes and is repaired after 10 good ones ({@link SignalDetector}). Our own carrier is watched
 * too: carrier down with the heartbeat failed is a local fault (IPMP's group failure), never
 * evidence against the peer.
 */
final class FailureDetector {
    private final SignalDetector heartbeat = new SignalDetector();
    private final SignalDetector link = new SignalDetector();
    /** Ticks since boot; a probe on every second one. */
    private long ticks;
    /** The peer's heartbeat edge count at the last probe; -1 before the first (or after a fence release). */
    private long lastEdges = -1;
    /** A frame arrived since the last probe. */
    private boolean frameSinceProbe;
    /** Our own NIC's carrier as of the last probe. */
    private boolean carrier = true;
    /** Carrier down and heartbeat failed: the fault is ours; set until our carrier returns. */
    private boolean localFault;
    /** Sequence number of our next ping. */
    private long pingSeq;

    // what the last probe found
    private int heartbeatChange;
    private int linkChange;
    private boolean heartbeatGood;
    private boolean localFaultBegan;

    /** Counts one tick; true when a probe is due on it. */
    boolean tickProbeDue() {
        return (++ticks & 1) == 0;
    }

    /** One probe of both signals, with the edge count and carrier the runtime read on this tick. */
    void probe(long peerEdges, boolean carrierNow) {
        heartbeatGood = lastEdges >= 0 && peerEdges > lastEdges;
        lastEdges = peerEdges;
        if (!carrier && carrierNow) {
            // our NIC is back: what we missed during our own fault is no evidence against the peer
            heartbeat.forgetMisses();
            link.forgetMisses();
        }
        carrier = carrierNow;
        boolean linkGood = frameSinceProbe;
        frameSinceProbe = false;
        heartbeatChange = heartbeat.record(heartbeatGood);
        linkChange = link.record(linkGood);
        localFaultBegan = false;
        if (!carrier && heartbeat.failed()) {
            if (!localFault) {
                localFault = true;
                localFaultBegan = true;
            }
        } else if (carrier) {
            localFault = false;
        }
    }

    /** Any frame proves the link works in this probe interval. */
    void frameReceived() {
        frameSinceProbe = true;
    }

    /** We released the peer's reset: it reboots, so start counting both signals afresh. */
    void peerRebooting() {
        heartbeat.reset();
        link.reset();
        lastEdges = -1;
    }

    /** +1 the heartbeat just failed, -1 just repaired, 0 neither (last probe). */
    int heartbeatChange() {
        return heartbeatChange;
    }

    /** +1 the peer link just failed, -1 just repaired, 0 neither (last probe). */
    int linkChange() {
        return linkChange;
    }

    /** The last probe saw the peer's heartbeat advance. */
    boolean heartbeatGood() {
        return heartbeatGood;
    }

    /** The last probe began a local fault. */
    boolean localFaultBegan() {
        return localFaultBegan;
    }

    long nextPingSeq() {
        return pingSeq++;
    }

    boolean carrier() {
        return carrier;
    }

    /** Both signals missed their last 5 probes (raw counts, no hysteresis). */
    boolean bothSilent() {
        return heartbeat.silent() && link.silent();
    }

    /**
     * Both signals missed their last 5 probes with our own carrier up: the peer, not us, is gone.
     * The raw miss counts, not the sticky FAILED state: a peer that just rebooted and talks to us is
     * alive even though its signals are not yet "repaired" (10 good probes) for reporting.
     */
    boolean peerDead() {
        return carrier && bothSilent();
    }

    /** The last probe of either signal was good. */
    boolean peerSeen() {
        return heartbeat.alive() || link.alive();
    }

    boolean linkAlive() {
        return link.alive();
    }

    boolean localFault() {
        return localFault;
    }

    /** Both signals' checks have run and neither is failed now. */
    boolean bothEstablished() {
        return heartbeat.established() && link.established();
    }

    boolean heartbeatFailed() {
        return heartbeat.failed();
    }

    boolean linkFailed() {
        return link.failed();
    }
}

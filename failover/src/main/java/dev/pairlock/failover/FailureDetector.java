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
    /**
     * Sequence number of our next ping. Starts at our boot time ({@link #booted}), so that a pong
     * to a ping of an earlier incarnation (a slow link delivers it after our restart) matches none of ours.
     */
    private long pingSeq;
    private long firstPingSeq;
    /** When each of the last {@value #PINGS} pings was sent (by seq modulo PINGS); MIN_VALUE once answered. */
    private final long[] pingSentAt = new long[PINGS];
    private static final int PINGS = 16;
    /** The largest round trip of the last answered pings (decays: each new sample replaces a larger old one slowly). */
    private long rttNanos;
    /** The newest ping answered; older unanswered ones were lost, not slow. */
    private long lastAnsweredSeq = -1;
    /** When the newest answered ping was sent: the peer was alive and hearing us at some time after that. */
    private long newestAnsweredSentAt = Long.MIN_VALUE;
    private final long probeInterval;

    FailureDetector(long probeIntervalNanos) {
        this.probeInterval = probeIntervalNanos;
    }

    // what the last probe found
    private int heartbeatChange;
    private int linkChange;
    private boolean heartbeatGood;
    private boolean localFaultBegan;

    /** Our software started at {@code now}: ping numbers begin there. */
    void booted(long now) {
        pingSeq = Math.max(0, now);
        firstPingSeq = pingSeq;
        lastAnsweredSeq = pingSeq - 1;
    }

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

    /** The seq of a ping we send now. */
    long nextPingSeq(long now) {
        pingSentAt[(int) (pingSeq & (PINGS - 1))] = now;
        return pingSeq++;
    }

    /** A pong for ping {@code seq} arrived: one round-trip sample (a slow link must not look like a dead one). */
    void pong(long seq, long now) {
        if (seq < firstPingSeq || seq >= pingSeq || pingSeq - seq > PINGS) {
            return;
        }
        int i = (int) (seq & (PINGS - 1));
        long sent = pingSentAt[i];
        if (sent == Long.MIN_VALUE) {
            return;
        }
        pingSentAt[i] = Long.MIN_VALUE;
        lastAnsweredSeq = Math.max(lastAnsweredSeq, seq);
        newestAnsweredSentAt = Math.max(newestAnsweredSentAt, sent);
        long sample = now - sent;
        rttNanos = sample >= rttNanos ? sample : rttNanos - (rttNanos - sample) / 8;
    }

    /**
     * How long a request to the peer and its answer take, as far as we can tell: the round trips
     * measured (slowly forgetting a large one), or, while the peer's frames arrive ({@code talking})
     * but our oldest ping since {@code since} (when we began to hear it) that is newer than the last
     * one answered is still unanswered, that ping's age (a slow link we have not measured yet).
     * Capped at {@code cap}, so that a link that delivers one way only does not delay us for ever.
     */
    long roundTrip(long now, long since, boolean talking, long cap) {
        long rtt = rttNanos;
        if (talking) {
            for (long s = Math.max(lastAnsweredSeq + 1, Math.max(firstPingSeq, pingSeq - PINGS)); s < pingSeq; s++) {
                long sent = pingSentAt[(int) (s & (PINGS - 1))];
                if (sent != Long.MIN_VALUE && sent >= since) {
                    rtt = Math.max(rtt, now - sent);
                    break; // the oldest outstanding one
                }
            }
        }
        return Math.min(rtt, cap);
    }

    boolean carrier() {
        return carrier;
    }

    /**
     * Evidence, whatever the link's latency, that the peer was alive and hearing us within the last
     * {@value SignalDetector#FAIL_AFTER} probe intervals: its heartbeat edges (a wire: no delay), or
     * a pong to a ping we sent within them. A frame it sent earlier, still arriving over a slow link,
     * is no such evidence: it may have gone silent to claim since.
     */
    boolean freshEvidence(long now) {
        return !heartbeat.silent() || newestAnsweredSentAt >= now - SignalDetector.FAIL_AFTER * probeInterval;
    }

    /** A ping of ours was answered since boot: {@link #roundTrip} rests on a measurement. */
    boolean roundTripMeasured() {
        return newestAnsweredSentAt != Long.MIN_VALUE;
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

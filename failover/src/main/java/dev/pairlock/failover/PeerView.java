package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;

/**
 * What we know of the peer. Every frame carries its sender's role, epoch and read-back REF_SEL
 * together, so each frame replaces the whole picture (a peer that restarted announces epoch 0 and
 * UNKNOWN, and we believe it).
 */
final class PeerView {
    /** The role in the peer's last frame; UNKNOWN before any frame and after we fenced it. */
    Role role = Role.UNKNOWN;
    /** The epoch in the peer's last frame (a claim's or ack's epoch, else the sender's own). */
    long epoch;
    /** The peer's REF_SEL as it last read it back and told us. */
    RefSel refSel = RefSel.FOLLOWER;
    /** Present boards the peer reaches, as its last frame said ({@link PeerMessage#NOT_MEASURED} before it knows). */
    int reachable = PeerMessage.NOT_MEASURED;
    /** Any frame since our boot. */
    boolean heard;
    /** When the last frame arrived (valid once {@link #heard}). */
    long lastHeardAt;
    /** When the first frame since our boot arrived (valid once {@link #heard}). */
    long firstHeardAt;
    /**
     * The peer's REF_SEL is confirmed FOLLOWER for the claim or MAIN term we are in (its ack's or
     * FOLLOWER_ACK's read-back, a SPARE of our epoch announcing FOLLOWER, or nobody leading on the
     * proven-absent path), so writing LEADER cannot make two leaders. Cleared when we start a claim
     * or take over by handover; read only on becoming MAIN and while MAIN.
     */
    boolean followerConfirmed;

    void heard(PeerMessage m, long now) {
        if (!heard) {
            firstHeardAt = now;
        }
        heard = true;
        lastHeardAt = now;
        role = m.role();
        refSel = m.refSel();
        reachable = m.reachable();
        epoch = m.epoch();
    }

    /** The peer said it is MAIN or claiming MAIN. */
    boolean mainOrClaiming() {
        return role == Role.MAIN || role == Role.BECOMING_MAIN;
    }
}

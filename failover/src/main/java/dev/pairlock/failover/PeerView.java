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
    /** Any frame since our boot. */
    boolean heard;
    /**
     * The peer's REF_SEL is confirmed FOLLOWER for the claim or MAIN term we are in (its ack's or
     * FOLLOWER_ACK's read-back, a SPARE of our epoch announcing FOLLOWER, or nobody leading on the
     * proven-absent path), so writing LEADER cannot make two leaders. Cleared when we start a claim
     * or take over by handover; read only on becoming MAIN and while MAIN.
     */
    boolean followerConfirmed;

    void heard(PeerMessage m) {
        heard = true;
        role = m.role();
        refSel = m.refSel();
        epoch = m.epoch();
    }

    /** The peer said it is MAIN or claiming MAIN. */
    boolean mainOrClaiming() {
        return role == Role.MAIN || role == Role.BECOMING_MAIN;
    }
}

package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;

/**
 * One frame on the peer link. Every message carries the sender's role, epoch and read-back REF_SEL
 * so that a ping doubles as a status announcement (discovery needs nothing else).
 *
 * @param kind   what the frame asks or answers
 * @param role   the sender's role when it sent the frame
 * @param epoch  the epoch the frame is about (a claim's epoch, an ack's epoch, else the sender's)
 * @param refSel the sender's REF_SEL as last read back from its Gchip
 * @param seq    ping sequence number (echoed in the pong); 0 otherwise
 */
public record PeerMessage(Kind kind, Role role, long epoch, RefSel refSel, long seq) {
    public enum Kind {
        /** Link probe; answered by PONG. */
        PING,
        PONG,
        /** "I am becoming MAIN in this epoch": a SPARE answers with SPARE_ACK after setting follower. */
        CLAIM,
        /** "I am SPARE in this epoch and my REF_SEL reads back as refSel." */
        SPARE_ACK,
        /** Planned switchover: "I (old MAIN) am SPARE in this epoch; become MAIN in it." */
        HANDOVER,
        /** Planned switchover, new MAIN to old: "set follower now". */
        SET_FOLLOWER,
        /** The old MAIN's answer to SET_FOLLOWER, with its read-back REF_SEL. */
        FOLLOWER_ACK;

        private static final Kind[] VALUES = values();

        static Kind ofOrdinal(int ordinal) {
            if (ordinal < 0 || ordinal >= VALUES.length) {
                throw new IllegalArgumentException("unknown peer message kind " + ordinal);
            }
            return VALUES[ordinal];
        }
    }
}

package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;
import java.util.Objects;

/**
 * One frame on the peer link. Every message carries the sender's role, epoch, read-back REF_SEL,
 * the pair-wide failover setting and how many boards it reaches, so that a ping doubles as a status
 * announcement (discovery needs nothing else) and the setting reaches the peer within one probe.
 *
 * @param kind      what the frame asks or answers
 * @param role      the sender's role when it sent the frame
 * @param epoch     the epoch the frame is about (a claim's epoch, an ack's epoch, else the sender's)
 * @param refSel    the sender's REF_SEL as last read back from its Gchip
 * @param seq       ping sequence number (echoed in the pong), a claim's nonce (echoed in the ack); 0 otherwise
 * @param setting   the sender's failover setting (its generation is also the sender's ack of ours)
 * @param reachable present boards the sender reaches over its buses, 0..256, or {@link #NOT_MEASURED}
 */
public record PeerMessage(Kind kind, Role role, long epoch, RefSel refSel, long seq, FailoverSetting setting,
                          int reachable) {
    /** {@link #reachable} before the sender has read every slot once. */
    public static final int NOT_MEASURED = -1;

    public PeerMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(refSel, "refSel");
        Objects.requireNonNull(setting, "setting");
    }

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

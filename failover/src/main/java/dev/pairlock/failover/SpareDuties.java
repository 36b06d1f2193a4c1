package dev.pairlock.failover;

import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;

/**
 * SPARE: what a SPARE does, and the state it does it with. It follows the MAIN of its epoch
 * (FOLLOWER written and read back before any ack: S1, S4), takes a planned handover, waits for
 * the new MAIN after handing over itself, and replaces a MAIN seen dead on both signals only with
 * failover on and S5's leave. {@link ControllerCore#becomeSpare} (and yieldTo, which follows a
 * claimant or MAIN) is the only way in and resets this state.
 */
final class SpareDuties {
    private final ControllerCore core;
    private final CoreConfig cfg;
    private final PeerView peer;
    private final FailureDetector detector;

    /** The nonce of the claim our next SPARE_ACK answers (every role records a CLAIM's). */
    long ackNonce;
    /** Send SPARE_ACK once our FOLLOWER write has been read back (we just yielded). */
    boolean ackAfterFollower;
    /** Send FOLLOWER_ACK once our FOLLOWER write has been read back (the new MAIN asked). */
    boolean followerAckAfterWrite;
    /** The epoch we handed over in (old MAIN waiting for the new one), -1 when no handover waits. */
    long handoverEpoch = -1;
    /** When a handover nobody took ends and we claim again. */
    long handoverDeadline;
    /** Since when we talk with a peer that is not MAIN and nobody is MAIN; -1 when not. */
    long noMainSince = -1;
    /** FAILOVER_DISABLED_PEER_DEAD was logged for this loss of the MAIN. */
    boolean disabledLogged;

    SpareDuties(ControllerCore core) {
        this.core = core;
        this.cfg = core.cfg;
        this.peer = core.peer;
        this.detector = core.detector;
    }

    /** A peer frame while SPARE. */
    void step(PeerMessage m, long now, List<Command> out) {
        switch (m.kind()) {
            case CLAIM -> {
                if (m.epoch() > core.epoch) {
                    ackNonce = m.seq();
                    core.yieldTo(m.epoch(), now, out);
                } else if (m.epoch() == core.epoch && core.refSel == RefSel.FOLLOWER) {
                    ackNonce = m.seq();
                    core.send(PeerMessage.Kind.SPARE_ACK, core.epoch, ackNonce, out);
                }
            }
            case HANDOVER -> {
                // an epoch we held before (in this incarnation or an earlier one) makes it a stale
                // handover, one that an earlier incarnation of ours may already have taken. S5 for a
                // planned switchover is the MAIN's to judge (it refuses out of sync, and it knows what
                // is pending): our own word is its last STATUS, which the switchover's own SEL record
                // turns "syncing" as the HANDOVER is sent — refusing on it aborted every switchover
                // that raced its record (seen in the kernel-VM campaign)
                if (m.epoch() == core.epoch + 1 && m.epoch() > core.epochFloor) {
                    core.enterEpoch(m.epoch(), out);
                    core.becomeMain(MainPath.HANDOVER, now, out);
                }
            }
            case SET_FOLLOWER -> {
                if (m.epoch() == core.epoch) {
                    followerAckAfterWrite = true;
                    out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
                }
            }
            default -> { }
        }
    }

    /** Our FOLLOWER write read back while SPARE: the acks that waited for it. */
    void followerWritten(List<Command> out) {
        if (ackAfterFollower) {
            ackAfterFollower = false;
            core.send(PeerMessage.Kind.SPARE_ACK, core.epoch, ackNonce, out);
        }
        if (followerAckAfterWrite) {
            followerAckAfterWrite = false;
            core.send(PeerMessage.Kind.FOLLOWER_ACK, core.epoch, 0, out);
        }
    }

    /** The tick while SPARE. */
    void tick(long now, List<Command> out) {
        if (handoverEpoch >= 0) {
            if (peer.role == Role.MAIN && peer.epoch >= handoverEpoch) {
                handoverEpoch = -1;
            } else if (now >= handoverDeadline) {
                handoverEpoch = -1;
                core.becomeClaimant(ClaimReason.ELECTION, now, out);
                return;
            } else {
                core.send(PeerMessage.Kind.HANDOVER, handoverEpoch, 0, out);
                return;
            }
        }
        boolean talksButNoMain = peer.heard && detector.linkAlive() && !peer.mainOrClaiming();
        if (!talksButNoMain) {
            noMainSince = -1;
        } else if (noMainSince < 0) {
            noMainSince = now;
        } else if (now - noMainSince >= cfg.fdtNanos()) {
            // two SPAREs (or a SPARE and an undecided peer) talking and nobody MAIN: decide again
            noMainSince = -1;
            core.becomeUnknown(now, out);
            return;
        }
        if (!detector.peerDead()) {
            core.claim.deferLogged = false;
        }
        if (detector.peerDead() && peer.role != Role.SPARE) {
            if (!core.setting.enabled()) {
                if (!disabledLogged) {
                    disabledLogged = true;
                    core.log(now, Kind.FAILOVER_DISABLED_PEER_DEAD, Detail.NONE, out);
                }
                return;
            }
            if (core.claim.mustNotReplaceUnseenMain(now, out)) {
                return;
            }
            if (!core.sync.inSync()) {
                core.log(now, Kind.TAKEOVER_WHILE_NOT_IN_SYNC, Detail.NONE, out);
            }
            core.becomeClaimant(ClaimReason.TAKEOVER, now, out);
        } else if (detector.peerDead() && peer.role == Role.SPARE) {
            // two SPAREs and the other is gone: nobody is MAIN, so take the role
            core.becomeClaimant(ClaimReason.PEER_GONE, now, out);
        }
    }
}

package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import dev.pairlock.failover.Event.SpllOutcome;
import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;

/**
 * MAIN: what a MAIN does, and the state it does it with. It renews its lease (S3), writes LEADER
 * once the peer is confirmed follower (S1), moves every board onto its clock ({@link Boards}: the
 * seed's hwad), hands the role to a SPARE that reaches clearly more boards, and judges a planned
 * switchover. {@link ControllerCore#becomeMain} is the only way in and resets this state; becomeSpare
 * and halt stop the boards and end the lease.
 */
final class MainDuties {
    private final ControllerCore core;
    private final CoreConfig cfg;
    private final PeerView peer;
    private final Fence fence;
    private final FailureDetector detector;
    private final Reachability reach;

    /** Until when (exclusive) we may make MAIN-only writes; MIN_VALUE when not MAIN. */
    long leaseExpiry = Long.MIN_VALUE;
    /** How the current (or last) MAIN term was reached. */
    MainPath path = MainPath.CONFIRMED;
    /** A LEADER write is outstanding. */
    boolean leaderPending;
    /** Taking over by handover: once every board is settled on our clock, ask the old MAIN to follow. */
    boolean handoverInProgress;
    /** A wake-up to retry lock-refused SPLL switches is outstanding. */
    private boolean wakeArmed;
    final Boards boards;
    /** When we became MAIN (a health handover waits a while after it). */
    long since;
    /** Since when the SPARE has reached clearly more boards than we do; -1 when it does not. */
    long healthierPeerSince = -1;
    /** "Clearly fewer": the SPARE reaches at least this many more boards (2, or 1/8 of the slots). */
    private final int healthMargin;

    MainDuties(ControllerCore core) {
        this.core = core;
        this.cfg = core.cfg;
        this.peer = core.peer;
        this.fence = core.fence;
        this.detector = core.detector;
        this.reach = core.reach;
        this.boards = new Boards(cfg.slots(), cfg.self(), cfg.fdtNanos());
        this.healthMargin = Math.max(2, cfg.slots() / 8);
    }

    /** A peer frame while MAIN. */
    void step(PeerMessage m, long now, List<Command> out) {
        switch (m.kind()) {
            case CLAIM -> core.spare.ackNonce = m.seq();
            case SPARE_ACK, FOLLOWER_ACK -> {
                if (m.epoch() == core.epoch && m.refSel() == RefSel.FOLLOWER) {
                    peer.followerConfirmed = true;
                }
            }
            default -> { }
        }
    }

    /** The tick while MAIN (the lease was unexpired: an expired one halted us first). */
    void tick(long now, List<Command> out) {
        // fresh evidence only: over a slow link the peer's old frames keep arriving after it went
        // silent to claim, and a MAIN that renews on them would outlast the claimant's silence
        boolean evidence = detector.freshEvidence(now) || now < fence.graceUntil;
        if (evidence || cfg.resetFromPeer() || fence.held) {
            leaseExpiry = now + core.lease;
        } else if (cfg.resetToPeer()) {
            // a peer that cannot fence us and that we cannot see: fence it before it could claim
            core.claim.fenceOrGoSilent(now, out);
            leaseExpiry = now + core.lease;
        }
        if (fence.held && !fence.pending && now >= fence.releaseAt) {
            fence.pending = true;
            out.add(new Command.ReleaseReset());
        }
        if (core.refSel != RefSel.LEADER && !leaderPending && !peer.followerConfirmed && !handoverInProgress
                && peer.role == Role.SPARE && peer.epoch == core.epoch && detector.peerSeen()) {
            // a SPARE of our epoch never leads; its pings carry its read-back REF_SEL
            if (peer.refSel == RefSel.FOLLOWER) {
                peer.followerConfirmed = true;
            } else {
                core.send(PeerMessage.Kind.SET_FOLLOWER, core.epoch, 0, out); // the request or its ack was lost
            }
        }
        if (core.refSel != RefSel.LEADER && !leaderPending) {
            if (peer.followerConfirmed || fence.held) {
                writeLeader(out);
            } else if (path == MainPath.PROVEN_ABSENT) {
                out.add(new Command.ReadPhaseLock());
            }
        }
        boards.tick(now, out);
        afterBoardProgress(out);
        handOverIfHealthierPeer(now, out);
    }

    /**
     * The healthiest SC is MAIN: a SPARE of our epoch that reaches clearly more boards ({@link
     * #healthMargin}) for 3 FDT on end, at least 5 FDT after we became MAIN, gets the role by the
     * planned path (no both-leader moment), if a planned switchover may happen now. The margin,
     * the wait and the dwell keep a flapping bus from flapping the roles.
     */
    private void handOverIfHealthierPeer(long now, List<Command> out) {
        int health = core.healthVersusPeer();
        if (health == ControllerCore.UNMEASURED || -health < healthMargin || peer.role != Role.SPARE
                || peer.epoch != core.epoch) {
            healthierPeerSince = -1;
            return;
        }
        if (healthierPeerSince < 0) {
            healthierPeerSince = now;
        } else if (now - healthierPeerSince >= 3 * cfg.fdtNanos() && now - since >= 5 * cfg.fdtNanos()
                && switchoverRefusal(now) == null) {
            core.log(now, Kind.HEALTH_HANDOVER, new Detail.Reach(reach.reachable(), peer.reachable), out);
            forceSwitchover(now, out);
        }
    }

    // ---- completions of the MAIN's commands (dropped in any other role) ----------------------------

    /** The wake-up we asked for: spent in any role; a MAIN retries the lock-refused SPLL switches. */
    void woken(List<Command> out) {
        wakeArmed = false;
        if (core.role == Role.MAIN) {
            boards.retryRefused(out);
        }
    }

    void presenceRead(PresenceRead p, long now, List<Command> out) {
        if (core.role != Role.MAIN) {
            return;
        }
        switch (boards.presence(p, out)) {
            case FIRST_FAILURE -> core.log(now, Kind.BOARD_ERROR, Detail.slot(p.slot()), out);
            case REPAIRED -> core.log(now, Kind.BOARD_REPAIRED, Detail.slot(p.slot()), out);
            case NONE -> { }
        }
        afterBoardProgress(out);
    }

    void spllSwitched(Event.SpllSwitched s, List<Command> out) {
        if (core.role != Role.MAIN) {
            return;
        }
        if (boards.switched(s) && s.outcome() == SpllOutcome.REFUSED_UNLOCKED && !wakeArmed) {
            // lock comes lockTime after LEADER: poll at a fraction of the probe interval
            wakeArmed = true;
            out.add(new Command.WakeAfter(Math.max(1_000_000L, core.probeInterval / 20)));
        }
        afterBoardProgress(out);
    }

    void phaseLockRead(Event.PhaseLockRead p, List<Command> out) {
        if (core.role == Role.MAIN && path == MainPath.PROVEN_ABSENT && core.refSel != RefSel.LEADER
                && !p.locked() && !leaderPending) {
            // following nobody: the absent peer is not leading, so leading cannot make two leaders
            peer.followerConfirmed = true;
            writeLeader(out);
        }
    }

    void writeLeader(List<Command> out) {
        leaderPending = true;
        out.add(new Command.WriteRefSel(RefSel.LEADER));
    }

    private void afterBoardProgress(List<Command> out) {
        if (handoverInProgress && boards.settled()) {
            handoverInProgress = false;
            core.send(PeerMessage.Kind.SET_FOLLOWER, core.epoch, 0, out);
        }
    }

    // ---- planned switchover -----------------------------------------------------------------------

    private SwitchoverRefusal switchoverRefusal(long now) {
        if (core.role != Role.MAIN || now >= leaseExpiry) {
            // a MAIN whose lease lapsed (we were paused: the operator's request waited in our queue)
            // is no MAIN any more: its view of the peer and of sync is stale, and the next tick halts it
            return SwitchoverRefusal.NOT_MAIN;
        } else if (!core.sync.inSync()) {
            return SwitchoverRefusal.NOT_IN_SYNC;
        } else if (peer.role != Role.SPARE || peer.epoch != core.epoch) {
            return SwitchoverRefusal.PEER_NOT_SPARE;
        } else if (fence.held) {
            return SwitchoverRefusal.PEER_HELD_IN_RESET;
        } else if (detector.heartbeatFailed() || detector.linkFailed() || !detector.linkAlive()) {
            return SwitchoverRefusal.PEER_SIGNAL_FAILED;
        } else if (!boards.settled()) {
            return SwitchoverRefusal.BOARDS_NOT_SETTLED;
        }
        return null;
    }

    /** setfailover force (or a health handover): refused, logged why, unless a planned switchover may happen now. */
    void forceSwitchover(long now, List<Command> out) {
        SwitchoverRefusal refusal = switchoverRefusal(now);
        if (refusal != null) {
            core.log(now, Kind.SWITCHOVER_REFUSED, refusal, out);
            return;
        }
        core.log(now, Kind.SWITCHOVER_STARTED, Detail.NONE, out);
        // demote first: from here on we make no MAIN writes, and keep leading as plain hardware state
        core.becomeSpare(core.epoch + 1, now, out);
        core.spare.handoverEpoch = core.epoch;
        // the handover and the new MAIN's first frames must make the trip (a slow link included)
        core.spare.handoverDeadline = now + Math.max(2 * cfg.fdtNanos(),
                2 * core.roundTrip(now) + cfg.fdtNanos());
        core.send(PeerMessage.Kind.HANDOVER, core.epoch, 0, out);
    }
}

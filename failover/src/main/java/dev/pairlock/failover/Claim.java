package dev.pairlock.failover;

import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;

/**
 * BECOMING_MAIN: the claim, and the state it is made with. An election asks the peer and becomes
 * MAIN on its ack; a claim nobody acked, or one past a dead peer, fences the peer or goes silent
 * until it is proven absent (S4); a live MAIN heard is followed. The S5 guards on replacing a MAIN
 * are here too: an undecided SC and a SPARE ask them before they claim. {@link
 * ControllerCore#becomeClaimant} is the only way in and sets the claim's state, read only while
 * claiming (pastPeer and reason also as the claim becomes MAIN).
 */
final class Claim {
    private final ControllerCore core;
    private final CoreConfig cfg;
    private final PeerView peer;
    private final Fence fence;
    private final SilentClaim silence;
    private final FailureDetector detector;

    /** When this claim began (an election's ack deadline counts from here). */
    long startedAt;
    /** Our clock at the claim; an ack must echo it (an epoch may repeat after a restart). */
    long nonce;
    /**
     * Why this claim went past a peer it could not confirm (fence or silence), if the peer was or
     * may be a MAIN; logged as DEAD_MAIN_TAKEOVER only once the claim succeeds that way. Null while
     * not past the peer, or when the peer was known undecided or SPARE.
     */
    Detail.Takeover pastPeer;
    /** Why this claim was made. */
    ClaimReason reason = ClaimReason.ELECTION;
    /** TAKEOVER_DEFERRED was logged for this loss of the MAIN (by any role that asked S5's guard). */
    boolean deferLogged;

    Claim(ControllerCore core) {
        this.core = core;
        this.cfg = core.cfg;
        this.peer = core.peer;
        this.fence = core.fence;
        this.silence = core.silence;
        this.detector = core.detector;
    }

    /** A peer frame while claiming. */
    void step(PeerMessage m, long now, List<Command> out) {
        if (m.role() == Role.MAIN && !fence.pending && !fence.held) {
            // a live MAIN we had not heard (a slow link, a restart): follow it rather than fence it
            core.yieldTo(m.epoch(), now, out);
            return;
        }
        switch (m.kind()) {
            case CLAIM -> {
                core.spare.ackNonce = m.seq();
                if (core.self == ScId.SC1 && !fence.pending) {
                    if (m.epoch() > core.epoch) {
                        core.yieldTo(m.epoch(), now, out);
                    } else {
                        core.becomeUnknown(now, out); // SC0 claims too: step back; it will re-claim above our epoch
                    }
                } else if (m.epoch() >= core.epoch && !fence.pending) {
                    core.enterEpoch(m.epoch() + 1, out);
                    core.send(PeerMessage.Kind.CLAIM, core.epoch, nonce, out);
                }
            }
            case SPARE_ACK -> {
                if (m.epoch() == core.epoch && m.refSel() == RefSel.FOLLOWER && m.seq() == nonce) {
                    peer.followerConfirmed = true;
                    pastPeer = null; // it confirmed: no takeover
                    if (!fence.pending) {
                        core.becomeMain(MainPath.CONFIRMED, now, out);
                    }
                }
            }
            default -> { }
        }
        if (core.role == Role.BECOMING_MAIN && !fence.pending && !silence.active()
                && (m.role() == Role.UNKNOWN && m.epoch() >= core.epoch
                        || m.role() == Role.SPARE && m.epoch() > core.epoch)) {
            // the peer booted in a higher (persisted) epoch, or is SPARE of a later MAIN: it only
            // follows a claim above its own epoch, so claim above it
            core.enterEpoch(m.epoch() + 1, out);
            core.send(PeerMessage.Kind.CLAIM, core.epoch, nonce, out);
        }
    }

    /** The tick while claiming. */
    void tick(long now, List<Command> out) {
        if (silence.active()) {
            if (silence.evidence()) {
                core.becomeUnknown(now, out);
            } else if (peerPoweredOff()) {
                core.becomeMain(MainPath.PROVEN_ABSENT, now, out);
            } else if (now >= silence.until()) {
                if (pastPeer != null && mustNotReplaceUnseenMain(now, out)) {
                    // S5 at the point of no return: sync went off while we waited silently, and a
                    // MAIN that lapsed because it could not see us was alive when we began
                    core.becomeUnknown(now, out);
                    return;
                }
                core.becomeMain(MainPath.PROVEN_ABSENT, now, out);
            }
            return;
        }
        if (!fence.pending) {
            core.send(PeerMessage.Kind.CLAIM, core.epoch, nonce, out);
        }
        if (now >= deadline(now) && detector.carrier()) {
            fenceOrGoSilent(now, out);
        }
    }

    /**
     * When a claim nobody acked turns to the fence or the silent path: at once past a dead peer; an
     * election waits FDT/2, or longer on a slow link (two round trips and a probe: the claim must
     * reach the peer and its ack come back), at most 8 FDT.
     */
    private long deadline(long now) {
        if (reason != ClaimReason.ELECTION) {
            return startedAt;
        }
        return startedAt + Math.max(cfg.fdtNanos() / 2, 2 * core.roundTrip(now) + core.probeInterval);
    }

    /**
     * The claim's end game: past a peer we cannot confirm, fence it, or go silent until it is proven
     * absent. A MAIN that cannot see a peer that cannot fence it also comes here, to fence it.
     */
    void fenceOrGoSilent(long now, List<Command> out) {
        boolean poweredOff = peerPoweredOff();
        if (core.role == Role.BECOMING_MAIN && pastPeer == null) {
            // claiming past a peer we cannot confirm: if it was MAIN (or may be one we cannot see), this
            // replaces it; a peer we just heard undecided or SPARE was no MAIN
            boolean knownMain = reason == ClaimReason.TAKEOVER || peer.heard && peer.role == Role.MAIN;
            Detail.Takeover.Evidence evidence = knownMain
                    ? poweredOff ? Detail.Takeover.Evidence.CLOCK_ABSENT : Detail.Takeover.Evidence.SEEN_DEAD
                    : mayBeUnseenMain(now) ? Detail.Takeover.Evidence.NOT_HEARD : null;
            if (evidence != null) {
                if (evidence != Detail.Takeover.Evidence.CLOCK_ABSENT && !poweredOff
                        && mustNotReplaceUnseenMain(now, out)) {
                    // S5 at the point of no return: sync went off since we decided to claim
                    core.becomeUnknown(now, out);
                    return;
                }
                pastPeer = new Detail.Takeover(evidence, core.sync.inSync());
            }
        }
        if (fence.held && core.role == Role.BECOMING_MAIN && !fence.pending) {
            core.becomeMain(MainPath.CONFIRMED, now, out); // still fenced from before: nothing more to do
        } else if (poweredOff && core.role == Role.BECOMING_MAIN) {
            core.becomeMain(MainPath.PROVEN_ABSENT, now, out); // nothing to fence: it has no power
        } else if (cfg.resetToPeer()) {
            if (!fence.pending && !fence.held) {
                fence.pending = true;
                out.add(new Command.AssertReset());
            }
        } else if (!silence.active()) {
            // no fence: stop beating and answering so that a MAIN we cannot see declares us failed
            // (6 probe intervals) and stops renewing (+ lease), then claim if we heard nothing at all.
            // A peer with a reset line into us never takes this path (it fences), so only with no
            // line either way could both wait silently at once: then SC1 waits longer, SC0 wins
            long extra = core.self == ScId.SC1 && !cfg.resetFromPeer() ? 2 * cfg.fdtNanos() : 0;
            silence.begin(now + 7 * core.probeInterval + core.lease + extra);
        }
    }

    /** Hardware evidence of absence: our Gchip lost the peer's clock and neither signal says otherwise. */
    private boolean peerPoweredOff() {
        return !core.peerClockPresent && detector.bothSilent();
    }

    /**
     * Unless we heard the peer undecided or SPARE within an FDT on a link whose round trip we
     * measured under FDT/2, it may be a MAIN whose frames do not reach us (or have not yet: what a
     * slow link delivers is as old as its latency, and until a ping of ours came back we do not know it).
     */
    boolean mayBeUnseenMain(long now) {
        return !(peer.heard && now - peer.lastHeardAt < cfg.fdtNanos() && !peer.mainOrClaiming()
                && detector.roundTripMeasured() && core.roundTrip(now) < cfg.fdtNanos() / 2);
    }

    /**
     * S5: priority-1 data not in sync and the peer's clock running: a MAIN we cannot see may be
     * alive, and a live MAIN is never replaced out of sync. Wait (logged once) until the data is in
     * sync, the peer speaks, or its clock goes.
     */
    boolean mustNotReplaceUnseenMain(long now, List<Command> out) {
        if (core.sync.inSync() || !core.peerClockPresent || core.sync.mainExited()) {
            return false;
        }
        if (!deferLogged) {
            deferLogged = true;
            // words only: what is known of the peer and of sync (the decision above does not read them)
            Detail.Deferral.Peer seen = !peer.heard ? Detail.Deferral.Peer.NOT_HEARD
                    : peer.mainOrClaiming() ? Detail.Deferral.Peer.SILENT_MAIN : Detail.Deferral.Peer.UNCONFIRMED;
            core.log(now, Kind.TAKEOVER_DEFERRED, new Detail.Deferral(seen, core.sync.engineSpoke()), out);
        }
        return true;
    }
}

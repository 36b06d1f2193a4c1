package dev.pairlock.failover;

import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.ScId;
import java.util.List;

/**
 * UNKNOWN: discovery, and the state it decides with. An undecided SC follows a MAIN or claimant it
 * hears; otherwise it listens for the peer until a deadline and then decides who claims: the tie
 * goes to SC0, and the SC that reaches more boards is preferred. Begun at boot and by {@link
 * ControllerCore#becomeUnknown}, the only ways in, which reset this state.
 */
final class Discovery {
    private final ControllerCore core;
    private final CoreConfig cfg;
    private final PeerView peer;
    private final FailureDetector detector;

    /** When an undecided SC stops waiting to hear the peer and decides alone. */
    private long deadline;
    /**
     * When this discovery began (Boot or becomeUnknown); the deadline is never pushed past
     * {@link ControllerCore#MAX_DISCOVERY_FDTS} FDTs after it.
     */
    private long startedAt;

    Discovery(ControllerCore core) {
        this.core = core;
        this.cfg = core.cfg;
        this.peer = core.peer;
        this.detector = core.detector;
    }

    /** Listen for the peer for an FDT from now before deciding alone. */
    void begin(long now) {
        startedAt = now;
        deadline = now + cfg.fdtNanos();
    }

    /**
     * The tick handed us frames our loop dropped as stale: the peer spoke and our loop was too late
     * to hear it (a JVM warming up on a slow CPU, a pause): we cannot say it is silent, so we do not
     * decide alone yet; listen an FDT more.
     */
    void listenLonger(long now) {
        deadline = Math.min(Math.max(deadline, now + cfg.fdtNanos()),
                startedAt + ControllerCore.MAX_DISCOVERY_FDTS * cfg.fdtNanos());
    }

    /** A peer frame while undecided. */
    void step(PeerMessage m, long now, List<Command> out) {
        if (m.kind() == PeerMessage.Kind.CLAIM) {
            core.spare.ackNonce = m.seq();
            if (m.epoch() > core.epoch) {
                core.yieldTo(m.epoch(), now, out);
            }
        }
    }

    /** The tick while undecided. */
    void tick(long now, List<Command> out) {
        if (peer.heard && peer.mainOrClaiming() && detector.peerSeen()) {
            core.yieldTo(peer.epoch, now, out);
            return;
        }
        if (!detector.carrier()) {
            // our own NIC is down: we cannot confirm anything, and the fault is ours; wait
            return;
        }
        boolean deadline = now >= this.deadline;
        boolean peerUndecided = peer.heard && detector.peerSeen() && (peer.role == Role.UNKNOWN || peer.role == Role.SPARE);
        int health = core.healthVersusPeer();
        boolean claim;
        if (core.self == ScId.SC0) {
            // the tie goes to SC0: claim as soon as the peer is known not to be MAIN, or nobody answered;
            // but the healthier SC should be MAIN: if the peer reaches more boards, let it claim (for
            // an FDT after our deadline, in case it cannot hear us); while either count is unknown,
            // wait for them until the deadline (UNMEASURED is negative: tested first, it is no
            // "the peer reaches more")
            if (peerUndecided) {
                claim = health == ControllerCore.UNMEASURED ? deadline
                        : health >= 0 || now >= this.deadline + cfg.fdtNanos();
            } else {
                claim = deadline;
            }
        } else {
            claim = deadline && (!detector.peerSeen() || peer.role == Role.SPARE && detector.linkAlive())
                    || peerUndecided && health > 0 && health != ControllerCore.UNMEASURED;
        }
        if (claim && !detector.peerSeen() && peer.heard && peer.role == Role.MAIN && !core.setting.enabled()) {
            // the MAIN we last heard went silent: with failover off, nobody replaces it automatically
            if (!core.spare.disabledLogged) {
                core.spare.disabledLogged = true;
                core.log(now, Kind.FAILOVER_DISABLED_PEER_DEAD, Detail.NONE, out);
            }
            return;
        }
        if (claim && core.claim.mayBeUnseenMain(now) && core.claim.mustNotReplaceUnseenMain(now, out)) {
            return;
        }
        if (claim) {
            core.becomeClaimant(ClaimReason.ELECTION, now, out);
        }
    }
}

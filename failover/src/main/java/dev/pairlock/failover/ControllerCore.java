package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import dev.pairlock.failover.Event.SpllOutcome;
import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The failover protocol of one SC as a pure step function: no I/O, no clock, no threads. Shaped
 * like etcd's raft: {@link #handle} does what every role does with an event, then hands it to the
 * role's own step ({@code step…}) or tick ({@code tick…}); one {@code become…} per role is the only
 * way into it and resets that role's state. The rules (each one is what a safety property needs;
 * DOMAIN.md section 4):
 * <ul>
 * <li>S4: MAIN only after the peer acked SPARE with REF_SEL follower in our epoch, or is held in
 *     reset by us, or was proven absent (no signal at all while we stayed silent long enough for
 *     any MAIN that could not see us to lapse its lease).</li>
 * <li>Tie-break: SC1 never claims while it sees any sign of SC0 that is not SPARE; SC0 claims and SC1
 *     acks. SC0 fences only a peer it cannot confirm.</li>
 * <li>S3: the MAIN lease (FDT/2) is renewed on each tick only while unexpired, so a paused MAIN
 *     stays lapsed; renewal also needs evidence of the peer unless the peer can fence us or we hold it
 *     in reset, so a partitioned MAIN that nobody can fence gives up before a silent claimant claims.</li>
 * <li>S1: LEADER is written only when the peer is confirmed follower (ack read-back, reset, or our
 *     follower clock reads unlocked on the absent path).</li>
 * <li>S5: only a MAIN seen dead on both signals (with our carrier up) is replaced automatically; a
 *     planned switchover of a live MAIN needs priority-1 in sync.</li>
 * </ul>
 */
public final class ControllerCore implements ControllerLogic {
    private static final int LOG_KEEP = 32;

    private final CoreConfig cfg;
    private final ScId self;
    private final long lease;
    private final long probeInterval;
    private final long pauseGap; // two ticks: a longer gap means we were paused (precomputed: read every tick)
    private final ArrayDeque<HealthEvent> lastEvents = new ArrayDeque<>();

    // ---- this SC ------------------------------------------------------------------------------
    private Role role = Role.UNKNOWN;
    /** The claim or MAIN term we are in; a SPARE holds its MAIN's epoch exactly (its acks name it). */
    private long epoch;
    /** Our Gchip's REF_SEL as last read back (at boot, after every write). */
    private RefSel refSel = RefSel.FOLLOWER;
    /** The pair-wide failover setting as we hold it; persisted, and a peer's that supersedes it wins. */
    private FailoverSetting setting;
    /** The setting generation in the peer's latest frame (its ack of ours); -1 before any frame. */
    private long peerGeneration = -1;
    /**
     * The highest epoch we have claimed or held, persisted before it is used: we boot in it and every
     * claim of ours is above it, so our epochs never go backwards across a restart.
     */
    private long epochFloor;
    /** Priority-1 data in sync, as the sync engine last said. */
    private boolean inSync = true;
    /** Our Gchip saw the peer's clock at the last tick; false means the peer is powered off. */
    private boolean peerClockPresent = true;
    /**
     * The sync engine saw the MAIN's daemon close its session without a word (Event.SyncStatus):
     * evidence that it is dead as a MAIN although its clock runs. Opens S5's gate as a lost clock
     * does; never set in the simulator, whose sync flag is an oracle.
     */
    private boolean mainExited;

    // ---- what we track, each in its own type ----------------------------------------------------
    private final PeerView peer = new PeerView();
    private final Fence fence = new Fence();
    private final SilentClaim silence = new SilentClaim();
    private final FailureDetector detector;

    // ---- UNKNOWN: discovery ------------------------------------------------------------------
    /** When an undecided SC stops waiting to hear the peer and decides alone. */
    private long discoveryDeadline;
    /**
     * When this discovery began (Boot or becomeUnknown); the deadline is never pushed past
     * {@link #MAX_DISCOVERY_FDTS} FDTs after it.
     */
    private long discoveryStartedAt;
    /**
     * How far frames dropped as stale can push the discovery deadline, in FDTs from its start: a loop
     * that lags for good (an overloaded CPU) must still decide in bounded time.
     */
    static final int MAX_DISCOVERY_FDTS = 10;

    // ---- BECOMING_MAIN: the claim (set by becomeClaimant, read only while claiming) -------------
    /** The last tick, to notice that we were paused (a gap of more than two ticks). */
    private long lastTickAt = Long.MIN_VALUE;
    /** When this claim began (an election's ack deadline counts from here). */
    private long claimStartedAt;
    /** Our clock at the claim; an ack must echo it (an epoch may repeat after a restart). */
    private long claimNonce;
    /**
     * Why this claim went past a peer it could not confirm (fence or silence), if the peer was or
     * may be a MAIN; logged as DEAD_MAIN_TAKEOVER only once the claim succeeds that way. Null while
     * not past the peer, or when the peer was known undecided or SPARE.
     */
    private Detail.Takeover pastPeer;
    /** Why this claim was made. */
    private ClaimReason claimReason = ClaimReason.ELECTION;

    // ---- SPARE duties ---------------------------------------------------------------------------
    /** The nonce of the claim our next SPARE_ACK answers. */
    private long ackNonce;
    /** Send SPARE_ACK once our FOLLOWER write has been read back (we just yielded). */
    private boolean ackAfterFollower;
    /** Send FOLLOWER_ACK once our FOLLOWER write has been read back (the new MAIN asked). */
    private boolean followerAckAfterWrite;
    /** The epoch we handed over in (old MAIN waiting for the new one), -1 when no handover waits. */
    private long handoverEpoch = -1;
    /** When a handover nobody took ends and we claim again. */
    private long handoverDeadline;
    /** Since when we talk with a peer that is not MAIN and nobody is MAIN; -1 when not. */
    private long noMainSince = -1;
    /** FAILOVER_DISABLED_PEER_DEAD was logged for this loss of the MAIN. */
    private boolean disabledLogged;
    /** TAKEOVER_DEFERRED was logged for this loss of the MAIN. */
    private boolean deferLogged;

    // ---- MAIN duties ----------------------------------------------------------------------------
    /** Until when (exclusive) we may make MAIN-only writes; MIN_VALUE when not MAIN. */
    private long leaseExpiry = Long.MIN_VALUE;
    /** How the current (or last) MAIN term was reached. */
    private MainPath mainPath = MainPath.CONFIRMED;
    /** A LEADER write is outstanding. */
    private boolean leaderPending;
    /** Taking over by handover: once every board is settled on our clock, ask the old MAIN to follow. */
    private boolean handoverInProgress;
    /** A wake-up to retry lock-refused SPLL switches is outstanding. */
    private boolean wakeArmed;
    private final Boards boards;
    /** When we became MAIN (a health handover waits a while after it). */
    private long mainSince;
    /** Since when the SPARE has reached clearly more boards than we do; -1 when it does not. */
    private long healthierPeerSince = -1;

    // ---- health: boards reached, in every role -----------------------------------------------------
    private final Reachability reach;
    /** "Clearly fewer": the SPARE reaches at least this many more boards (2, or 1/8 of the slots). */
    private final int healthMargin;

    public ControllerCore(CoreConfig cfg) {
        this.cfg = cfg;
        this.self = cfg.self();
        this.lease = cfg.leaseNanos();
        this.probeInterval = cfg.probeIntervalNanos();
        this.pauseGap = 2 * cfg.tickNanos();
        this.detector = new FailureDetector(probeInterval);
        this.setting = FailoverSetting.initial(cfg.failoverEnabled());
        this.boards = new Boards(cfg.slots(), self, cfg.fdtNanos());
        this.reach = new Reachability(cfg.slots(), cfg.fdtNanos());
        this.healthMargin = Math.max(2, cfg.slots() / 8);
    }

    // ============================================================================================
    // Step: what every role does with an event, then the role's own step
    // ============================================================================================

    @Override
    public void handle(Event event, long now, List<Command> out) {
        if (role == Role.HALTED) {
            return;
        }
        switch (event) {
            case Event.Tick t -> tick(t, now, out);
            case Event.Frame f -> receive(f.message(), now, out);
            case Event.Boot b -> {
                refSel = b.refSel();
                detector.booted(now);
                b.persisted().ifPresent(p -> {
                    setting = p.setting();
                    epochFloor = p.epoch();
                    epoch = p.epoch(); // announced from the first frame on, so the peer claims above it
                });
                discoveryStartedAt = now;
                discoveryDeadline = now + cfg.fdtNanos();
                out.add(Command.Beat.INSTANCE);
                reach.scanIfDue(now, out); // our health, before we decide anything
            }
            case Event.Wake w -> {
                wakeArmed = false;
                if (role == Role.MAIN) {
                    boards.retryRefused(out);
                }
            }
            case PresenceRead p -> {
                reach.record(p);
                if (role == Role.MAIN) {
                    switch (boards.presence(p, out)) {
                        case FIRST_FAILURE -> log(now, Kind.BOARD_ERROR, Detail.slot(p.slot()), out);
                        case REPAIRED -> log(now, Kind.BOARD_REPAIRED, Detail.slot(p.slot()), out);
                        case NONE -> { }
                    }
                    afterBoardProgress(out);
                }
            }
            case Event.SpllSwitched s -> {
                if (role == Role.MAIN) {
                    if (boards.switched(s) && s.outcome() == SpllOutcome.REFUSED_UNLOCKED && !wakeArmed) {
                        // lock comes lockTime after LEADER: poll at a fraction of the probe interval
                        wakeArmed = true;
                        out.add(new Command.WakeAfter(Math.max(1_000_000L, probeInterval / 20)));
                    }
                    afterBoardProgress(out);
                }
            }
            case Event.PhaseLockRead p -> {
                if (role == Role.MAIN && mainPath == MainPath.PROVEN_ABSENT && refSel != RefSel.LEADER
                        && !p.locked() && !leaderPending) {
                    // following nobody: the absent peer is not leading, so leading cannot make two leaders
                    peer.followerConfirmed = true;
                    writeLeader(out);
                }
            }
            case Event.RefSelWritten r -> refSelWritten(r, out);
            case Event.ResetDone r -> resetDone(r, now, out);
            case Event.AuthorityLapsed a -> halt(now, out);
            case Event.Operator o -> operator(o.op(), now, out);
            case Event.SyncStatus s -> {
                mainExited = s.mainExited();
                if (s.priority1InSync() != inSync) {
                    inSync = s.priority1InSync();
                    log(now, Kind.SYNC_CHANGED, Detail.priority1(inSync), out);
                }
            }
        }
    }

    /** A peer frame: every frame updates what we know of the peer and proves the link. */
    private void receive(PeerMessage m, long now, List<Command> out) {
        detector.frameReceived();
        silence.heard();
        peer.heard(m, now);
        if (m.kind() == PeerMessage.Kind.PONG) {
            detector.pong(m.seq(), now);
        }
        peerGeneration = m.setting().generation();
        if (m.setting().supersedes(setting)) {
            adoptSetting(m.setting(), now, out); // persisted before anything we send echoes it
        }
        if (m.kind() == PeerMessage.Kind.PING) {
            send(PeerMessage.Kind.PONG, epoch, m.seq(), out);
        }
        switch (role) {
            case UNKNOWN -> stepUnknown(m, now, out);
            case SPARE -> stepSpare(m, now, out);
            case BECOMING_MAIN -> stepClaimant(m, now, out);
            case MAIN -> stepMain(m, now, out);
            case HALTED -> { }
        }
        if (m.role() == Role.MAIN && m.epoch() > epoch) {
            if (role == Role.SPARE && handoverEpoch < 0) {
                yieldTo(m.epoch(), now, out); // we acked an older epoch: follow and ack this MAIN's
            } else if (role == Role.MAIN && !fence.held) {
                // a frame the peer sent before we fenced it may still arrive: it is no MAIN any more
                yieldTo(m.epoch(), now, out);
            }
        }
    }

    private void stepUnknown(PeerMessage m, long now, List<Command> out) {
        if (m.kind() == PeerMessage.Kind.CLAIM) {
            ackNonce = m.seq();
            if (m.epoch() > epoch) {
                yieldTo(m.epoch(), now, out);
            }
        }
    }

    private void stepSpare(PeerMessage m, long now, List<Command> out) {
        switch (m.kind()) {
            case CLAIM -> {
                if (m.epoch() > epoch) {
                    ackNonce = m.seq();
                    yieldTo(m.epoch(), now, out);
                } else if (m.epoch() == epoch && refSel == RefSel.FOLLOWER) {
                    ackNonce = m.seq();
                    send(PeerMessage.Kind.SPARE_ACK, epoch, ackNonce, out);
                }
            }
            case HANDOVER -> {
                // an epoch we held before (in this incarnation or an earlier one) makes it a stale
                // handover, one that an earlier incarnation of ours may already have taken. S5 for a
                // planned switchover is the MAIN's to judge (it refuses out of sync, and it knows what
                // is pending): our own word is its last STATUS, which the switchover's own SEL record
                // turns "syncing" as the HANDOVER is sent — refusing on it aborted every switchover
                // that raced its record (seen in the kernel-VM campaign)
                if (m.epoch() == epoch + 1 && m.epoch() > epochFloor) {
                    enterEpoch(m.epoch(), out);
                    becomeMain(MainPath.HANDOVER, now, out);
                }
            }
            case SET_FOLLOWER -> {
                if (m.epoch() == epoch) {
                    followerAckAfterWrite = true;
                    out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
                }
            }
            default -> { }
        }
    }

    private void stepClaimant(PeerMessage m, long now, List<Command> out) {
        if (m.role() == Role.MAIN && !fence.pending && !fence.held) {
            // a live MAIN we had not heard (a slow link, a restart): follow it rather than fence it
            yieldTo(m.epoch(), now, out);
            return;
        }
        switch (m.kind()) {
            case CLAIM -> {
                ackNonce = m.seq();
                if (self == ScId.SC1 && !fence.pending) {
                    if (m.epoch() > epoch) {
                        yieldTo(m.epoch(), now, out);
                    } else {
                        becomeUnknown(now, out); // SC0 claims too: step back; it will re-claim above our epoch
                    }
                } else if (m.epoch() >= epoch && !fence.pending) {
                    enterEpoch(m.epoch() + 1, out);
                    send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
                }
            }
            case SPARE_ACK -> {
                if (m.epoch() == epoch && m.refSel() == RefSel.FOLLOWER && m.seq() == claimNonce) {
                    peer.followerConfirmed = true;
                    pastPeer = null; // it confirmed: no takeover
                    if (!fence.pending) {
                        becomeMain(MainPath.CONFIRMED, now, out);
                    }
                }
            }
            default -> { }
        }
        if (role == Role.BECOMING_MAIN && !fence.pending && !silence.active()
                && (m.role() == Role.UNKNOWN && m.epoch() >= epoch || m.role() == Role.SPARE && m.epoch() > epoch)) {
            // the peer booted in a higher (persisted) epoch, or is SPARE of a later MAIN: it only
            // follows a claim above its own epoch, so claim above it
            enterEpoch(m.epoch() + 1, out);
            send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
        }
    }

    private void stepMain(PeerMessage m, long now, List<Command> out) {
        switch (m.kind()) {
            case CLAIM -> ackNonce = m.seq();
            case SPARE_ACK, FOLLOWER_ACK -> {
                if (m.epoch() == epoch && m.refSel() == RefSel.FOLLOWER) {
                    peer.followerConfirmed = true;
                }
            }
            default -> { }
        }
    }

    // ============================================================================================
    // Tick: what every role does on the periodic tick, then the role's own tick
    // ============================================================================================

    private void tick(Event.Tick t, long now, List<Command> out) {
        boolean probeDue = detector.tickProbeDue();
        peerClockPresent = t.peerClockPresent();
        if (lastTickAt != Long.MIN_VALUE && now - lastTickAt > pauseGap) {
            silence.interrupted(); // a silent claim must have listened all along
        }
        lastTickAt = now;
        if (role == Role.UNKNOWN && t.staleFrames() > 0) {
            // the peer spoke and our loop was too late to hear it (a JVM warming up on a slow CPU, a
            // pause): we cannot say it is silent, so we do not decide alone yet; listen an FDT more
            discoveryDeadline = Math.min(Math.max(discoveryDeadline, now + cfg.fdtNanos()),
                    discoveryStartedAt + MAX_DISCOVERY_FDTS * cfg.fdtNanos());
        }
        if (role == Role.MAIN && now >= leaseExpiry) {
            // we were not running when we should have renewed (GC pause, hung thread): failfast
            halt(now, out);
            return;
        }
        if (!silence.active()) {
            out.add(Command.Beat.INSTANCE);
        }
        if (probeDue) {
            probe(t, now, out);
        }
        if (role != Role.MAIN) {
            reach.scanIfDue(now, out);
        }
        switch (role) {
            case UNKNOWN -> tickUnknown(now, out);
            case SPARE -> tickSpare(now, out);
            case BECOMING_MAIN -> tickClaimant(now, out);
            case MAIN -> tickMain(now, out);
            case HALTED -> { }
        }
    }

    private void probe(Event.Tick t, long now, List<Command> out) {
        detector.probe(t.peerEdges(), t.carrier());
        logSignalChange(detector.heartbeatChange(), Signal.HEARTBEAT, now, out);
        logSignalChange(detector.linkChange(), Signal.PEER_LINK, now, out);
        if (detector.heartbeatGood()) {
            silence.heard();
        }
        if (detector.localFaultBegan()) {
            log(now, Kind.LOCAL_FAULT, Detail.NONE, out);
        }
        if (!silence.active()) {
            send(PeerMessage.Kind.PING, epoch, detector.nextPingSeq(now), out);
        }
    }

    private void logSignalChange(int change, Signal signal, long now, List<Command> out) {
        if (change > 0) {
            log(now, Kind.SIGNAL_FAILED, signal, out);
        } else if (change < 0) {
            log(now, Kind.SIGNAL_REPAIRED, signal, out);
        }
    }

    private void tickUnknown(long now, List<Command> out) {
        if (peer.heard && peer.mainOrClaiming() && detector.peerSeen()) {
            yieldTo(peer.epoch, now, out);
            return;
        }
        if (!detector.carrier()) {
            // our own NIC is down: we cannot confirm anything, and the fault is ours; wait
            return;
        }
        boolean deadline = now >= discoveryDeadline;
        boolean peerUndecided = peer.heard && detector.peerSeen() && (peer.role == Role.UNKNOWN || peer.role == Role.SPARE);
        int health = healthVersusPeer();
        boolean claim;
        if (self == ScId.SC0) {
            // the tie goes to SC0: claim as soon as the peer is known not to be MAIN, or nobody answered;
            // but the healthier SC should be MAIN: if the peer reaches more boards, let it claim (for
            // an FDT after our deadline, in case it cannot hear us)
            if (peerUndecided) {
                claim = health < 0 ? now >= discoveryDeadline + cfg.fdtNanos() : health != UNMEASURED || deadline;
            } else {
                claim = deadline;
            }
        } else {
            claim = deadline && (!detector.peerSeen() || peer.role == Role.SPARE && detector.linkAlive())
                    || peerUndecided && health > 0 && health != UNMEASURED;
        }
        if (claim && !detector.peerSeen() && peer.heard && peer.role == Role.MAIN && !setting.enabled()) {
            // the MAIN we last heard went silent: with failover off, nobody replaces it automatically
            if (!disabledLogged) {
                disabledLogged = true;
                log(now, Kind.FAILOVER_DISABLED_PEER_DEAD, Detail.NONE, out);
            }
            return;
        }
        if (claim && mayBeUnseenMain(now) && mustNotReplaceUnseenMain(now, out)) {
            return;
        }
        if (claim) {
            becomeClaimant(ClaimReason.ELECTION, now, out);
        }
    }

    private static final int UNMEASURED = Integer.MIN_VALUE;

    /** Boards we reach minus boards the peer reaches, or {@link #UNMEASURED} while either count is unknown. */
    private int healthVersusPeer() {
        int ours = reach.reachable();
        return ours < 0 || peer.reachable < 0 ? UNMEASURED : ours - peer.reachable;
    }

    /**
     * Unless we heard the peer undecided or SPARE within an FDT on a link whose round trip we
     * measured under FDT/2, it may be a MAIN whose frames do not reach us (or have not yet: what a
     * slow link delivers is as old as its latency, and until a ping of ours came back we do not know it).
     */
    private boolean mayBeUnseenMain(long now) {
        return !(peer.heard && now - peer.lastHeardAt < cfg.fdtNanos() && !peer.mainOrClaiming()
                && detector.roundTripMeasured() && roundTrip(now) < cfg.fdtNanos() / 2);
    }

    /**
     * S5: priority-1 data not in sync and the peer's clock running: a MAIN we cannot see may be
     * alive, and a live MAIN is never replaced out of sync. Wait (logged once) until the data is in
     * sync, the peer speaks, or its clock goes.
     */
    private boolean mustNotReplaceUnseenMain(long now, List<Command> out) {
        if (inSync || !peerClockPresent || mainExited) {
            return false;
        }
        if (!deferLogged) {
            deferLogged = true;
            log(now, Kind.TAKEOVER_DEFERRED, Detail.NONE, out);
        }
        return true;
    }

    private void tickSpare(long now, List<Command> out) {
        if (handoverEpoch >= 0) {
            if (peer.role == Role.MAIN && peer.epoch >= handoverEpoch) {
                handoverEpoch = -1;
            } else if (now >= handoverDeadline) {
                handoverEpoch = -1;
                becomeClaimant(ClaimReason.ELECTION, now, out);
                return;
            } else {
                send(PeerMessage.Kind.HANDOVER, handoverEpoch, 0, out);
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
            becomeUnknown(now, out);
            return;
        }
        if (!detector.peerDead()) {
            deferLogged = false;
        }
        if (detector.peerDead() && peer.role != Role.SPARE) {
            if (!setting.enabled()) {
                if (!disabledLogged) {
                    disabledLogged = true;
                    log(now, Kind.FAILOVER_DISABLED_PEER_DEAD, Detail.NONE, out);
                }
                return;
            }
            if (mustNotReplaceUnseenMain(now, out)) {
                return;
            }
            if (!inSync) {
                log(now, Kind.TAKEOVER_WHILE_NOT_IN_SYNC, Detail.NONE, out);
            }
            becomeClaimant(ClaimReason.TAKEOVER, now, out);
        } else if (detector.peerDead() && peer.role == Role.SPARE) {
            // two SPAREs and the other is gone: nobody is MAIN, so take the role
            becomeClaimant(ClaimReason.PEER_GONE, now, out);
        }
    }

    private void tickClaimant(long now, List<Command> out) {
        if (silence.active()) {
            if (silence.evidence()) {
                becomeUnknown(now, out);
            } else if (peerPoweredOff()) {
                becomeMain(MainPath.PROVEN_ABSENT, now, out);
            } else if (now >= silence.until()) {
                if (pastPeer != null && mustNotReplaceUnseenMain(now, out)) {
                    // S5 at the point of no return: sync went off while we waited silently, and a
                    // MAIN that lapsed because it could not see us was alive when we began
                    becomeUnknown(now, out);
                    return;
                }
                becomeMain(MainPath.PROVEN_ABSENT, now, out);
            }
            return;
        }
        if (!fence.pending) {
            send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
        }
        if (now >= claimDeadline(now) && detector.carrier()) {
            fenceOrGoSilent(now, out);
        }
    }

    /**
     * When a claim nobody acked turns to the fence or the silent path: at once past a dead peer; an
     * election waits FDT/2, or longer on a slow link (two round trips and a probe: the claim must
     * reach the peer and its ack come back), at most 8 FDT.
     */
    private long claimDeadline(long now) {
        if (claimReason != ClaimReason.ELECTION) {
            return claimStartedAt;
        }
        return claimStartedAt + Math.max(cfg.fdtNanos() / 2, 2 * roundTrip(now) + probeInterval);
    }

    /** The link's round trip as far as we can tell (see FailureDetector.roundTrip), at most 8 FDT. */
    private long roundTrip(long now) {
        boolean talking = peer.heard && now - peer.lastHeardAt < cfg.fdtNanos();
        return detector.roundTrip(now, peer.heard ? peer.firstHeardAt : now, talking, 8 * cfg.fdtNanos());
    }

    /** Hardware evidence of absence: our Gchip lost the peer's clock and neither signal says otherwise. */
    private boolean peerPoweredOff() {
        return !peerClockPresent && detector.bothSilent();
    }

    private void tickMain(long now, List<Command> out) {
        // fresh evidence only: over a slow link the peer's old frames keep arriving after it went
        // silent to claim, and a MAIN that renews on them would outlast the claimant's silence
        boolean evidence = detector.freshEvidence(now) || now < fence.graceUntil;
        if (evidence || cfg.resetFromPeer() || fence.held) {
            leaseExpiry = now + lease;
        } else if (cfg.resetToPeer()) {
            // a peer that cannot fence us and that we cannot see: fence it before it could claim
            fenceOrGoSilent(now, out);
            leaseExpiry = now + lease;
        }
        if (fence.held && !fence.pending && now >= fence.releaseAt) {
            fence.pending = true;
            out.add(new Command.ReleaseReset());
        }
        if (refSel != RefSel.LEADER && !leaderPending && !peer.followerConfirmed && !handoverInProgress
                && peer.role == Role.SPARE && peer.epoch == epoch && detector.peerSeen()) {
            // a SPARE of our epoch never leads; its pings carry its read-back REF_SEL
            if (peer.refSel == RefSel.FOLLOWER) {
                peer.followerConfirmed = true;
            } else {
                send(PeerMessage.Kind.SET_FOLLOWER, epoch, 0, out); // the request or its ack was lost
            }
        }
        if (refSel != RefSel.LEADER && !leaderPending) {
            if (peer.followerConfirmed || fence.held) {
                writeLeader(out);
            } else if (mainPath == MainPath.PROVEN_ABSENT) {
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
        int health = healthVersusPeer();
        if (health == UNMEASURED || -health < healthMargin || peer.role != Role.SPARE || peer.epoch != epoch) {
            healthierPeerSince = -1;
            return;
        }
        if (healthierPeerSince < 0) {
            healthierPeerSince = now;
        } else if (now - healthierPeerSince >= 3 * cfg.fdtNanos() && now - mainSince >= 5 * cfg.fdtNanos()
                && switchoverRefusal(now) == null) {
            log(now, Kind.HEALTH_HANDOVER, new Detail.Reach(reach.reachable(), peer.reachable), out);
            forceSwitchover(now, out);
        }
    }

    // ============================================================================================
    // Becoming a role: the only ways in, each resetting that role's state
    // ============================================================================================

    /** Decide again: listen for the peer until the discovery deadline. */
    private void becomeUnknown(long now, List<Command> out) {
        silence.end();
        setRole(Role.UNKNOWN, now, out);
        discoveryStartedAt = now;
        discoveryDeadline = now + cfg.fdtNanos();
    }

    /** Claim MAIN in a new epoch above anything we have seen or held; unless an election, fence or go silent now. */
    private void becomeClaimant(ClaimReason why, long now, List<Command> out) {
        boolean peerDead = why != ClaimReason.ELECTION;
        enterEpoch(Math.max(Math.max(epoch, peer.epoch), epochFloor) + 1, out);
        silence.end();
        setRole(Role.BECOMING_MAIN, now, out);
        claimReason = why;
        pastPeer = null;
        peer.followerConfirmed = false;
        claimStartedAt = now;
        // acks must echo this claim's nonce: after a restart our epoch may repeat, and a SPARE_ACK
        // the peer sent to our previous incarnation must not confirm this claim
        claimNonce = now + 1;
        mainPath = MainPath.CONFIRMED;
        if (!peerDead) {
            send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
        } else {
            fenceOrGoSilent(now, out);
        }
    }

    private void becomeMain(MainPath path, long now, List<Command> out) {
        silence.end(); // a late ack may confirm us while we wait silently: a MAIN beats and pings
        mainPath = path;
        if (path == MainPath.HANDOVER) {
            peer.followerConfirmed = false;
            handoverInProgress = true;
        }
        setRole(Role.MAIN, now, out);
        mainSince = now;
        healthierPeerSince = -1;
        leaseExpiry = now + lease;
        leaderPending = false;
        disabledLogged = false;
        if (refSel != RefSel.LEADER) {
            if (path == MainPath.PROVEN_ABSENT) {
                out.add(new Command.ReadPhaseLock());
            } else if (peer.followerConfirmed || fence.held) {
                writeLeader(out);
            }
        }
        if (path != MainPath.HANDOVER && pastPeer != null) {
            // if the peer was MAIN (or may have been one we could not see), this replaced it: why we
            // went past it, and the sync now (a silent wait is long; out of sync only its clock gone
            // lets us finish it)
            if (!inSync && pastPeer.priority1InSync()) {
                log(now, Kind.TAKEOVER_WHILE_NOT_IN_SYNC, Detail.NONE, out);
            }
            log(now, Kind.DEAD_MAIN_TAKEOVER, new Detail.Takeover(pastPeer.evidence(), inSync), out);
            pastPeer = null;
        }
        boards.start(now, out);
        if (path != MainPath.HANDOVER && claimReason == ClaimReason.TAKEOVER && cfg.disableAfterFailover()
                && setting.enabled()) {
            // SMS's rule against ping-pong: no second automatic failover until an operator says so
            adoptSetting(setting.change(false, FailoverSetting.Reason.AFTER_FAILOVER, peerGeneration), now, out);
        }
    }

    /** Leave any MAIN or claim behind and be SPARE in {@code newEpoch}, keeping our clock as it is. */
    private void becomeSpare(long newEpoch, long now, List<Command> out) {
        enterEpoch(newEpoch, out);
        silence.end();
        leaseExpiry = Long.MIN_VALUE;
        boards.stop();
        handoverInProgress = false;
        ackAfterFollower = false;
        followerAckAfterWrite = false;
        handoverEpoch = -1;
        noMainSince = -1;
        setRole(Role.SPARE, now, out);
    }

    /**
     * Follow a claimant or MAIN in its epoch exactly (its ack must name the epoch it holds, even if
     * our failed claims counted higher meanwhile): FOLLOWER first, SPARE_ACK once it reads back.
     */
    private void yieldTo(long newEpoch, long now, List<Command> out) {
        becomeSpare(newEpoch, now, out);
        if (fence.held && !fence.pending) {
            fence.pending = true; // a SPARE holds nobody in reset
            out.add(new Command.ReleaseReset());
        }
        ackAfterFollower = true;
        out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
    }

    private void halt(long now, List<Command> out) {
        log(now, Kind.LEASE_LAPSED, Detail.NONE, out);
        leaseExpiry = Long.MIN_VALUE;
        boards.stop();
        setRole(Role.HALTED, now, out);
        out.add(new Command.Halt());
    }

    private void setRole(Role r, long now, List<Command> out) {
        if (r != role) {
            role = r;
            log(now, Kind.ROLE_CHANGE, Detail.role(r), out);
        }
    }

    // ============================================================================================
    // The claim's end game, completions, operators
    // ============================================================================================

    private void fenceOrGoSilent(long now, List<Command> out) {
        boolean poweredOff = peerPoweredOff();
        if (role == Role.BECOMING_MAIN && pastPeer == null) {
            // claiming past a peer we cannot confirm: if it was MAIN (or may be one we cannot see), this
            // replaces it; a peer we just heard undecided or SPARE was no MAIN
            boolean knownMain = claimReason == ClaimReason.TAKEOVER || peer.heard && peer.role == Role.MAIN;
            Detail.Takeover.Evidence evidence = knownMain
                    ? poweredOff ? Detail.Takeover.Evidence.CLOCK_ABSENT : Detail.Takeover.Evidence.SEEN_DEAD
                    : mayBeUnseenMain(now) ? Detail.Takeover.Evidence.NOT_HEARD : null;
            if (evidence != null) {
                if (evidence != Detail.Takeover.Evidence.CLOCK_ABSENT && !poweredOff
                        && mustNotReplaceUnseenMain(now, out)) {
                    // S5 at the point of no return: sync went off since we decided to claim
                    becomeUnknown(now, out);
                    return;
                }
                pastPeer = new Detail.Takeover(evidence, inSync);
            }
        }
        if (fence.held && role == Role.BECOMING_MAIN && !fence.pending) {
            becomeMain(MainPath.CONFIRMED, now, out); // still fenced from before: nothing more to do
        } else if (poweredOff && role == Role.BECOMING_MAIN) {
            becomeMain(MainPath.PROVEN_ABSENT, now, out); // nothing to fence: it has no power
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
            long extra = self == ScId.SC1 && !cfg.resetFromPeer() ? 2 * cfg.fdtNanos() : 0;
            silence.begin(now + 7 * probeInterval + lease + extra);
        }
    }

    private void writeLeader(List<Command> out) {
        leaderPending = true;
        out.add(new Command.WriteRefSel(RefSel.LEADER));
    }

    private void afterBoardProgress(List<Command> out) {
        if (handoverInProgress && boards.settled()) {
            handoverInProgress = false;
            send(PeerMessage.Kind.SET_FOLLOWER, epoch, 0, out);
        }
    }

    private void refSelWritten(Event.RefSelWritten r, List<Command> out) {
        refSel = r.readBack();
        if (r.wanted() == RefSel.LEADER) {
            leaderPending = false;
        }
        if (role == Role.SPARE && ackAfterFollower && r.wanted() == RefSel.FOLLOWER) {
            ackAfterFollower = false;
            send(PeerMessage.Kind.SPARE_ACK, epoch, ackNonce, out);
        }
        if (role == Role.SPARE && followerAckAfterWrite && r.wanted() == RefSel.FOLLOWER) {
            followerAckAfterWrite = false;
            send(PeerMessage.Kind.FOLLOWER_ACK, epoch, 0, out);
        }
    }

    private void resetDone(Event.ResetDone r, long now, List<Command> out) {
        fence.pending = false;
        if (r.asserted()) {
            if (!r.ok()) {
                return;
            }
            fence.held = true;
            peer.role = Role.UNKNOWN;
            fence.releaseAt = now + 2 * cfg.fdtNanos();
            log(now, Kind.PEER_FENCED, Detail.NONE, out);
            if (role == Role.BECOMING_MAIN) {
                becomeMain(MainPath.CONFIRMED, now, out);
            }
        } else if (r.ok()) {
            fence.held = false;
            peer.followerConfirmed = refSel == RefSel.LEADER;
            fence.graceUntil = now + cfg.fdtNanos();
            detector.peerRebooting();
            log(now, Kind.PEER_RELEASED, Detail.NONE, out);
        }
    }

    private void operator(Event.Operator.Op op, long now, List<Command> out) {
        switch (op) {
            case FAILOVER_ON, FAILOVER_OFF -> adoptSetting(setting.change(op == Event.Operator.Op.FAILOVER_ON,
                    FailoverSetting.Reason.OPERATOR, peerGeneration), now, out);
            case FAILOVER_FORCE -> forceSwitchover(now, out);
        }
    }

    private SwitchoverRefusal switchoverRefusal(long now) {
        if (role != Role.MAIN || now >= leaseExpiry) {
            // a MAIN whose lease lapsed (we were paused: the operator's request waited in our queue)
            // is no MAIN any more: its view of the peer and of sync is stale, and the next tick halts it
            return SwitchoverRefusal.NOT_MAIN;
        } else if (!inSync) {
            return SwitchoverRefusal.NOT_IN_SYNC;
        } else if (peer.role != Role.SPARE || peer.epoch != epoch) {
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

    private void forceSwitchover(long now, List<Command> out) {
        SwitchoverRefusal refusal = switchoverRefusal(now);
        if (refusal != null) {
            log(now, Kind.SWITCHOVER_REFUSED, refusal, out);
            return;
        }
        log(now, Kind.SWITCHOVER_STARTED, Detail.NONE, out);
        // demote first: from here on we make no MAIN writes, and keep leading as plain hardware state
        becomeSpare(epoch + 1, now, out);
        handoverEpoch = epoch;
        // the handover and the new MAIN's first frames must make the trip (a slow link included)
        handoverDeadline = now + Math.max(2 * cfg.fdtNanos(),
                2 * roundTrip(now) + cfg.fdtNanos());
        send(PeerMessage.Kind.HANDOVER, epoch, 0, out);
    }

    /** Our setting changes (operator, the peer's, after a failover): persist first, then say so. */
    private void adoptSetting(FailoverSetting s, long now, List<Command> out) {
        setting = s;
        disabledLogged = false;
        persist(out);
        log(now, Kind.FAILOVER_MODE, s, out);
    }

    /** Our epoch becomes {@code e}; a new highest one is persisted before anything can announce it. */
    private void enterEpoch(long e, List<Command> out) {
        epoch = e;
        if (e > epochFloor) {
            epochFloor = e;
            persist(out);
        }
    }

    private void persist(List<Command> out) {
        out.add(new Command.Persist(new PersistedState(epochFloor, setting)));
    }

    private void send(PeerMessage.Kind kind, long ep, long seq, List<Command> out) {
        out.add(new Command.Send(new PeerMessage(kind, role, ep, refSel, seq, setting, reach.reachable())));
    }

    private void log(long now, Kind kind, Detail detail, List<Command> out) {
        HealthEvent e = new HealthEvent(now, kind, epoch, detail);
        if (lastEvents.size() == LOG_KEEP) {
            lastEvents.removeFirst();
        }
        lastEvents.addLast(e);
        out.add(new Command.Log(e));
    }

    // ============================================================================================
    // What the runtime and operators read
    // ============================================================================================

    @Override
    public Role role() {
        return role;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public long leaseExpiry() {
        return role == Role.MAIN ? leaseExpiry : Long.MIN_VALUE;
    }

    @Override
    public boolean failoverEnabled() {
        return setting.enabled();
    }

    public boolean silent() {
        return silence.active();
    }

    public boolean peerHeldInReset() {
        return fence.held;
    }

    /** Whether the current MAIN role was reached on the "proven absent" path. */
    public boolean claimedAbsent() {
        return mainPath == MainPath.PROVEN_ABSENT;
    }

    @Override
    public FailoverStatus status() {
        FailoverFailure failure = failure();
        FailoverState mechanism = !setting.enabled() ? FailoverState.DISABLED
                : failure != null ? FailoverState.FAILED
                : activating() ? FailoverState.ACTIVATING : FailoverState.ACTIVE;
        return new FailoverStatus(self, role, epoch, peer.role, peer.epoch, detector.heartbeatFailed(),
                detector.linkFailed(), detector.carrier(), inSync, setting, peerGeneration, mechanism,
                mechanism == FailoverState.FAILED ? failure : null, boards.onOurClock(), List.copyOf(lastEvents));
    }

    /** A condition that makes a failover impossible now, or null. */
    private FailoverFailure failure() {
        if (role == Role.HALTED) {
            return FailoverFailure.HALTED;
        } else if (detector.localFault()) {
            return FailoverFailure.LOCAL_FAULT;
        } else if (fence.held) {
            return FailoverFailure.PEER_HELD_IN_RESET;
        } else if (detector.heartbeatFailed() && detector.linkFailed()) {
            return FailoverFailure.PEER_ABSENT;
        } else if (detector.linkFailed()) {
            return FailoverFailure.PEER_LINK_DOWN;
        } else if (detector.heartbeatFailed()) {
            return FailoverFailure.HEARTBEAT_LOST;
        }
        return null;
    }

    /** Checks still running: a signal not yet established, no MAIN/SPARE pair in one epoch, or not in sync. */
    private boolean activating() {
        boolean pair = (role == Role.MAIN && peer.role == Role.SPARE || role == Role.SPARE && peer.role == Role.MAIN)
                && peer.epoch == epoch;
        return !inSync || !detector.bothEstablished() || !pair;
    }
}

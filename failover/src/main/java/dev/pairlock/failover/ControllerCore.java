package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import dev.pairlock.failover.HealthEvent.Detail;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The failover protocol of one SC as a pure step function: no I/O, no clock, no threads. Shaped
 * like etcd's raft: {@link #handle} does what every role does with an event, then hands it to the
 * role's own {@code step} (peer frames) or {@code tick}, each role's in its own class beside the
 * state only that role uses: {@link Discovery} (UNKNOWN), {@link Claim} (BECOMING_MAIN), {@link
 * SpareDuties} and {@link MainDuties}. One {@code become…} per role, here, is the only way into it
 * and resets that role's state. The fields below are package-private for those classes alone,
 * which act on them; {@link Showfailover} reads them for {@link #status}. The rules (each one is
 * what a safety property needs; DOMAIN.md section 4):
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
 *     planned switchover of a live MAIN needs priority-1 in sync, as said for our role ({@link SyncView}).</li>
 * </ul>
 */
public final class ControllerCore implements ControllerLogic {
    private static final int LOG_KEEP = 32;

    final CoreConfig cfg;
    final ScId self;
    final long lease;
    final long probeInterval;
    private final long pauseGap; // two ticks: a longer gap means we were paused (precomputed: read every tick)
    /** The last tick, to notice that we were paused (a gap of more than two ticks). */
    private long lastTickAt = Long.MIN_VALUE;
    private final ArrayDeque<HealthEvent> lastEvents = new ArrayDeque<>();

    // ---- this SC ------------------------------------------------------------------------------
    Role role = Role.UNKNOWN;
    /** The claim or MAIN term we are in; a SPARE holds its MAIN's epoch exactly (its acks name it). */
    long epoch;
    /** Our Gchip's REF_SEL as last read back (at boot, after every write). */
    RefSel refSel = RefSel.FOLLOWER;
    /** The pair-wide failover setting as we hold it; persisted, and a peer's that supersedes it wins. */
    FailoverSetting setting;
    /** The setting generation in the peer's latest frame (its ack of ours); -1 before any frame. */
    private long peerGeneration = -1;
    /**
     * The highest epoch we have claimed or held, persisted before it is used: we boot in it and every
     * claim of ours is above it, so our epochs never go backwards across a restart.
     */
    long epochFloor;
    /**
     * Priority-1 sync, and the MAIN's daemon seen to close its sync session without a word (evidence
     * that it is dead as a MAIN although its clock runs: opens S5's gate as a lost clock does), as
     * the sync engine last said for the role we hold: {@link #setRole} drops both on becoming MAIN or
     * SPARE, until a word for that role and epoch comes; with a sync engine, not in sync before its
     * first word ({@link CoreConfig#syncEngine}).
     */
    final SyncView sync;
    /** Our Gchip saw the peer's clock at the last tick; false means the peer is powered off. */
    boolean peerClockPresent = true;

    // ---- what we track, each in its own type ----------------------------------------------------
    final PeerView peer = new PeerView();
    final Fence fence = new Fence();
    final SilentClaim silence = new SilentClaim();
    final FailureDetector detector;
    /** Health: the boards we reach, in every role. */
    final Reachability reach;

    // ---- each role's step and tick, with the state only that role uses -----------------------------
    private final Discovery discovery; // UNKNOWN
    final Claim claim; // BECOMING_MAIN
    final SpareDuties spare;
    final MainDuties main;
    /**
     * How far frames dropped as stale can push the discovery deadline, in FDTs from its start: a loop
     * that lags for good (an overloaded CPU) must still decide in bounded time.
     */
    static final int MAX_DISCOVERY_FDTS = 10;

    public ControllerCore(CoreConfig cfg) {
        this.cfg = cfg;
        this.self = cfg.self();
        this.lease = cfg.leaseNanos();
        this.probeInterval = cfg.probeIntervalNanos();
        this.pauseGap = 2 * cfg.tickNanos();
        this.detector = new FailureDetector(probeInterval);
        this.setting = FailoverSetting.initial(cfg.failoverEnabled());
        this.reach = new Reachability(cfg.slots(), cfg.fdtNanos());
        this.sync = new SyncView(cfg.syncEngine());
        // last: each role's class keeps the core's config and tracked types it acts on
        this.discovery = new Discovery(this);
        this.spare = new SpareDuties(this);
        this.claim = new Claim(this);
        this.main = new MainDuties(this);
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
                discovery.begin(now);
                out.add(Command.Beat.INSTANCE);
                reach.scanIfDue(now, out); // our health, before we decide anything
            }
            case Event.Wake w -> main.woken(out);
            case PresenceRead p -> {
                reach.record(p); // our health, in every role
                main.presenceRead(p, now, out);
            }
            case Event.SpllSwitched s -> main.spllSwitched(s, out);
            case Event.PhaseLockRead p -> main.phaseLockRead(p, out);
            case Event.RefSelWritten r -> refSelWritten(r, out);
            case Event.ResetDone r -> resetDone(r, now, out);
            case Event.AuthorityLapsed a -> halt(now, out);
            case Event.Operator o -> operator(o.op(), now, out);
            case Event.SyncStatus s -> {
                if (sync.heard(s)) {
                    log(now, Kind.SYNC_CHANGED, Detail.priority1(sync.inSync()), out);
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
            case UNKNOWN -> discovery.step(m, now, out);
            case SPARE -> spare.step(m, now, out);
            case BECOMING_MAIN -> claim.step(m, now, out);
            case MAIN -> main.step(m, now, out);
            case HALTED -> { }
        }
        if (m.role() == Role.MAIN && m.epoch() > epoch) {
            if (role == Role.SPARE && spare.handoverEpoch < 0) {
                yieldTo(m.epoch(), now, out); // we acked an older epoch: follow and ack this MAIN's
            } else if (role == Role.MAIN && !fence.held) {
                // a frame the peer sent before we fenced it may still arrive: it is no MAIN any more
                yieldTo(m.epoch(), now, out);
            }
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
            discovery.listenLonger(now); // the peer spoke and our loop was too late to hear it
        }
        if (role == Role.MAIN && now >= main.leaseExpiry) {
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
            case UNKNOWN -> discovery.tick(now, out);
            case SPARE -> spare.tick(now, out);
            case BECOMING_MAIN -> claim.tick(now, out);
            case MAIN -> main.tick(now, out);
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

    static final int UNMEASURED = Integer.MIN_VALUE;

    /** Boards we reach minus boards the peer reaches, or {@link #UNMEASURED} while either count is unknown. */
    int healthVersusPeer() {
        int ours = reach.reachable();
        return ours < 0 || peer.reachable < 0 ? UNMEASURED : ours - peer.reachable;
    }

    /** The link's round trip as far as we can tell (see FailureDetector.roundTrip), at most 8 FDT. */
    long roundTrip(long now) {
        boolean talking = peer.heard && now - peer.lastHeardAt < cfg.fdtNanos();
        return detector.roundTrip(now, peer.heard ? peer.firstHeardAt : now, talking, 8 * cfg.fdtNanos());
    }

    // ============================================================================================
    // Becoming a role: the only ways in, each resetting that role's state
    // ============================================================================================

    /** Decide again: listen for the peer until the discovery deadline. */
    void becomeUnknown(long now, List<Command> out) {
        silence.end();
        setRole(Role.UNKNOWN, now, out);
        discovery.begin(now);
    }

    /** Claim MAIN in a new epoch above anything we have seen or held; unless an election, fence or go silent now. */
    void becomeClaimant(ClaimReason why, long now, List<Command> out) {
        boolean peerDead = why != ClaimReason.ELECTION;
        enterEpoch(Math.max(Math.max(epoch, peer.epoch), epochFloor) + 1, out);
        silence.end();
        setRole(Role.BECOMING_MAIN, now, out);
        claim.reason = why;
        claim.pastPeer = null;
        peer.followerConfirmed = false;
        claim.startedAt = now;
        // acks must echo this claim's nonce: after a restart our epoch may repeat, and a SPARE_ACK
        // the peer sent to our previous incarnation must not confirm this claim
        claim.nonce = now + 1;
        main.path = MainPath.CONFIRMED;
        if (!peerDead) {
            send(PeerMessage.Kind.CLAIM, epoch, claim.nonce, out);
        } else {
            claim.fenceOrGoSilent(now, out);
        }
    }

    void becomeMain(MainPath path, long now, List<Command> out) {
        boolean heldInSync = sync.inSync(); // the data we take over with: setRole drops the word for MAIN's
        silence.end(); // a late ack may confirm us while we wait silently: a MAIN beats and pings
        main.path = path;
        if (path == MainPath.HANDOVER) {
            peer.followerConfirmed = false;
            main.handoverInProgress = true;
        }
        setRole(Role.MAIN, now, out);
        main.since = now;
        main.healthierPeerSince = -1;
        main.leaseExpiry = now + lease;
        main.leaderPending = false;
        spare.disabledLogged = false;
        if (refSel != RefSel.LEADER) {
            if (path == MainPath.PROVEN_ABSENT) {
                out.add(new Command.ReadPhaseLock());
            } else if (peer.followerConfirmed || fence.held) {
                main.writeLeader(out);
            }
        }
        if (path != MainPath.HANDOVER && claim.pastPeer != null) {
            // if the peer was MAIN (or may have been one we could not see), this replaced it: why we
            // went past it, and the sync now (a silent wait is long; out of sync only its clock gone
            // lets us finish it)
            if (!heldInSync && claim.pastPeer.priority1InSync()) {
                log(now, Kind.TAKEOVER_WHILE_NOT_IN_SYNC, Detail.NONE, out);
            }
            log(now, Kind.DEAD_MAIN_TAKEOVER, new Detail.Takeover(claim.pastPeer.evidence(), heldInSync), out);
            claim.pastPeer = null;
        }
        main.boards.start(now, out);
        if (path != MainPath.HANDOVER && claim.reason == ClaimReason.TAKEOVER && cfg.disableAfterFailover()
                && setting.enabled()) {
            // SMS's rule against ping-pong: no second automatic failover until an operator says so
            adoptSetting(setting.change(false, FailoverSetting.Reason.AFTER_FAILOVER, peerGeneration), now, out);
        }
    }

    /** Leave any MAIN or claim behind and be SPARE in {@code newEpoch}, keeping our clock as it is. */
    void becomeSpare(long newEpoch, long now, List<Command> out) {
        enterEpoch(newEpoch, out);
        silence.end();
        main.leaseExpiry = Long.MIN_VALUE;
        main.boards.stop();
        main.handoverInProgress = false;
        spare.ackAfterFollower = false;
        spare.followerAckAfterWrite = false;
        spare.handoverEpoch = -1;
        spare.noMainSince = -1;
        setRole(Role.SPARE, now, out);
    }

    /**
     * Follow a claimant or MAIN in its epoch exactly (its ack must name the epoch it holds, even if
     * our failed claims counted higher meanwhile): FOLLOWER first, SPARE_ACK once it reads back.
     */
    void yieldTo(long newEpoch, long now, List<Command> out) {
        becomeSpare(newEpoch, now, out);
        if (fence.held && !fence.pending) {
            fence.pending = true; // a SPARE holds nobody in reset
            out.add(new Command.ReleaseReset());
        }
        spare.ackAfterFollower = true;
        out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
    }

    private void halt(long now, List<Command> out) {
        log(now, Kind.LEASE_LAPSED, Detail.NONE, out);
        main.leaseExpiry = Long.MIN_VALUE;
        main.boards.stop();
        setRole(Role.HALTED, now, out);
        out.add(new Command.Halt());
    }

    private void setRole(Role r, long now, List<Command> out) {
        if (r != role) {
            role = r;
            log(now, Kind.ROLE_CHANGE, Detail.role(r), out);
        }
        if (sync.standing(role, epoch)) { // the reset: a word for the role or epoch we left speaks no more
            log(now, Kind.SYNC_CHANGED, Detail.priority1(false), out);
        }
    }

    // ============================================================================================
    // Completions of our commands, operators; what every role uses to act
    // ============================================================================================

    private void refSelWritten(Event.RefSelWritten r, List<Command> out) {
        refSel = r.readBack();
        if (r.wanted() == RefSel.LEADER) {
            main.leaderPending = false;
        }
        if (role == Role.SPARE && r.wanted() == RefSel.FOLLOWER) {
            spare.followerWritten(out);
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
            case FAILOVER_FORCE -> main.forceSwitchover(now, out);
        }
    }

    /** Our setting changes (operator, the peer's, after a failover): persist first, then say so. */
    private void adoptSetting(FailoverSetting s, long now, List<Command> out) {
        setting = s;
        spare.disabledLogged = false;
        persist(out);
        log(now, Kind.FAILOVER_MODE, s, out);
    }

    /** Our epoch becomes {@code e}; a new highest one is persisted before anything can announce it. */
    void enterEpoch(long e, List<Command> out) {
        epoch = e;
        if (e > epochFloor) {
            epochFloor = e;
            persist(out);
        }
    }

    private void persist(List<Command> out) {
        out.add(new Command.Persist(new PersistedState(epochFloor, setting)));
    }

    void send(PeerMessage.Kind kind, long ep, long seq, List<Command> out) {
        out.add(new Command.Send(new PeerMessage(kind, role, ep, refSel, seq, setting, reach.reachable())));
    }

    void log(long now, Kind kind, Detail detail, List<Command> out) {
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
        return role == Role.MAIN ? main.leaseExpiry : Long.MIN_VALUE;
    }

    @Override
    public boolean failoverEnabled() {
        return setting.enabled();
    }

    @Override
    public FailoverStatus status() {
        return Showfailover.of(this, peerGeneration, List.copyOf(lastEvents));
    }
}

package dev.pairlock.failover;

import dev.pairlock.failover.Event.PresenceRead;
import dev.pairlock.failover.Event.SpllOutcome;
import dev.pairlock.failover.HealthEvent.Kind;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The failover protocol of one SC as a pure step function: no I/O, no clock, no threads. The rules
 * (each one is what a safety property needs; DOMAIN.md section 4):
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
    private final long tick;
    private final long lease;
    private final long probeInterval;
    private final MainInit hwad;
    private final ArrayDeque<HealthEvent> lastEvents = new ArrayDeque<>();

    private Role role = Role.UNKNOWN;
    private long epoch;
    private RefSel refSel = RefSel.FOLLOWER;
    private long leaseExpiry = Long.MIN_VALUE;
    private long discoveryDeadline;
    private boolean failoverEnabled;
    private boolean inSync = true;

    // what we know of the peer
    private Role peerRole = Role.UNKNOWN;
    private long peerEpoch;
    private RefSel peerRefSel = RefSel.FOLLOWER;
    private boolean peerHeard;
    private boolean peerFollowerConfirmed;
    private boolean peerHeldInReset;
    private boolean resetPending;
    private long resetReleaseAt;
    private long graceUntil = Long.MIN_VALUE;

    // IPMP
    private final SignalDetector heartbeat = new SignalDetector();
    private final SignalDetector link = new SignalDetector();
    private long lastEdges = -1;
    private long pingSeq;
    private boolean pongSinceProbe;
    private boolean carrier = true;
    private boolean localFault;
    private boolean disabledLogged;
    private long tickCount;

    // claiming
    private long claimDeadline;
    private boolean silent;
    private long silentUntil;
    private boolean evidenceWhileSilent;
    private boolean absentClaim;
    private boolean deadPeerLogged;
    private long noMainSince = -1;
    private long claimNonce;
    private long ackNonce;

    // SPARE duties
    private boolean ackAfterFollower;
    private boolean followerAckAfterWrite;
    private long handoverEpoch = -1;
    private long handoverDeadline;

    // MAIN duties
    private boolean leaderPending;
    private boolean handoverInProgress;
    private boolean wakeArmed;

    public ControllerCore(CoreConfig cfg) {
        this.cfg = cfg;
        this.self = cfg.self();
        this.tick = cfg.tickNanos();
        this.lease = cfg.leaseNanos();
        this.probeInterval = cfg.probeIntervalNanos();
        this.failoverEnabled = cfg.failoverEnabled();
        this.hwad = new MainInit(cfg.slots(), self, cfg.fdtNanos());
    }

    @Override
    public void handle(Event event, long now, List<Command> out) {
        if (role == Role.HALTED) {
            return;
        }
        switch (event) {
            case Event.Boot b -> boot(b, now, out);
            case Event.Tick t -> tick(t, now, out);
            case Event.Wake w -> {
                wakeArmed = false;
                if (role == Role.MAIN) {
                    hwad.retryRefused(out);
                }
            }
            case Event.Frame f -> frame(f.message(), now, out);
            case PresenceRead p -> {
                if (role == Role.MAIN) {
                    int logSlot = hwad.presence(p, out);
                    if (logSlot >= 0) {
                        log(now, Kind.BOARD_ERROR, logSlot, out);
                    }
                    afterBoardProgress(out);
                }
            }
            case Event.SpllSwitched s -> {
                if (role == Role.MAIN) {
                    if (hwad.switched(s) && s.outcome() == SpllOutcome.REFUSED_UNLOCKED && !wakeArmed) {
                        // lock comes lockTime after LEADER: poll at a fraction of the probe interval
                        wakeArmed = true;
                        out.add(new Command.WakeAfter(Math.max(1_000_000L, probeInterval / 20)));
                    }
                    afterBoardProgress(out);
                }
            }
            case Event.RefSelWritten r -> refSelWritten(r, out);
            case Event.PhaseLockRead p -> {
                if (role == Role.MAIN && absentClaim && refSel != RefSel.LEADER && !p.locked() && !leaderPending) {
                    // following nobody: the absent peer is not leading, so leading cannot make two leaders
                    peerFollowerConfirmed = true;
                    writeLeader(out);
                }
            }
            case Event.ResetDone r -> resetDone(r, now, out);
            case Event.AuthorityLapsed a -> halt(now, out);
            case Event.Operator o -> operator(o.op(), now, out);
            case Event.SyncStatus s -> {
                if (s.priority1InSync() != inSync) {
                    inSync = s.priority1InSync();
                    log(now, Kind.SYNC_CHANGED, inSync ? 1 : 0, out);
                }
            }
        }
    }

    private void boot(Event.Boot b, long now, List<Command> out) {
        refSel = b.refSel();
        discoveryDeadline = now + cfg.fdtNanos();
        out.add(new Command.Beat());
    }

    private void tick(Event.Tick t, long now, List<Command> out) {
        tickCount++;
        if (role == Role.MAIN && now >= leaseExpiry) {
            // we were not running when we should have renewed (GC pause, hung thread): failfast
            halt(now, out);
            return;
        }
        if (!silent) {
            out.add(new Command.Beat());
        }
        if ((tickCount & 1) == 0) {
            probe(t, now, out);
        }
        switch (role) {
            case UNKNOWN -> discover(now, out);
            case SPARE -> spareTick(now, out);
            case BECOMING_MAIN -> claimTick(now, out);
            case MAIN -> mainTick(now, out);
            case HALTED -> { }
        }
    }

    private void probe(Event.Tick t, long now, List<Command> out) {
        boolean hbGood = lastEdges >= 0 && t.peerEdges() > lastEdges;
        lastEdges = t.peerEdges();
        if (!carrier && t.carrier()) {
            // our NIC is back: what we missed during our own fault is no evidence against the peer
            heartbeat.forgetMisses();
            link.forgetMisses();
        }
        carrier = t.carrier();
        boolean linkGood = pongSinceProbe;
        pongSinceProbe = false;
        signalChange(heartbeat.record(hbGood), 0, now, out);
        signalChange(link.record(linkGood), 1, now, out);
        if (silent && hbGood) {
            evidenceWhileSilent = true;
        }
        if (!carrier && heartbeat.failed()) {
            if (!localFault) {
                localFault = true;
                log(now, Kind.LOCAL_FAULT, 0, out);
            }
        } else if (carrier) {
            localFault = false;
        }
        if (!silent) {
            send(PeerMessage.Kind.PING, epoch, pingSeq++, out);
        }
    }

    private void signalChange(int change, int signal, long now, List<Command> out) {
        if (change > 0) {
            log(now, Kind.SIGNAL_FAILED, signal, out);
        } else if (change < 0) {
            log(now, Kind.SIGNAL_REPAIRED, signal, out);
        }
    }

    /**
     * Both signals missed their last 5 probes with our own carrier up: the peer, not us, is gone.
     * The raw miss counts, not the sticky FAILED state: a peer that just rebooted and talks to us is
     * alive even though its signals are not yet "repaired" (10 good probes) for reporting.
     */
    private boolean peerDead() {
        return carrier && heartbeat.silent() && link.silent();
    }

    private boolean peerSeen() {
        return heartbeat.alive() || link.alive();
    }

    private void discover(long now, List<Command> out) {
        if (peerHeard && (peerRole == Role.MAIN || peerRole == Role.BECOMING_MAIN) && peerSeen()) {
            yieldTo(peerEpoch, now, out);
            return;
        }
        if (!carrier) {
            // our own NIC is down: we cannot confirm anything, and the fault is ours; wait
            return;
        }
        boolean deadline = now >= discoveryDeadline;
        if (self == ScId.SC0) {
            // the tie goes to SC0: claim as soon as the peer is known not to be MAIN, or nobody answered
            if (deadline || (peerHeard && peerSeen() && (peerRole == Role.UNKNOWN || peerRole == Role.SPARE))) {
                claim(now, false, out);
            }
        } else if (deadline) {
            if (!peerSeen() || peerRole == Role.SPARE && link.alive()) {
                claim(now, false, out);
            }
        }
    }

    private void spareTick(long now, List<Command> out) {
        if (handoverEpoch >= 0) {
            if (peerRole == Role.MAIN && peerEpoch >= handoverEpoch) {
                handoverEpoch = -1;
            } else if (now >= handoverDeadline) {
                handoverEpoch = -1;
                claim(now, false, out);
                return;
            } else {
                send(PeerMessage.Kind.HANDOVER, handoverEpoch, 0, out);
                return;
            }
        }
        boolean talksButNoMain = peerHeard && link.alive() && peerRole != Role.MAIN && peerRole != Role.BECOMING_MAIN;
        if (!talksButNoMain) {
            noMainSince = -1;
        } else if (noMainSince < 0) {
            noMainSince = now;
        } else if (now - noMainSince >= cfg.fdtNanos()) {
            // two SPAREs (or a SPARE and an undecided peer) talking and nobody MAIN: decide again
            noMainSince = -1;
            setRole(Role.UNKNOWN, now, out);
            discoveryDeadline = now + cfg.fdtNanos();
            return;
        }
        if (peerDead() && peerRole != Role.SPARE) {
            if (!failoverEnabled) {
                if (!disabledLogged) {
                    disabledLogged = true;
                    log(now, Kind.FAILOVER_DISABLED_PEER_DEAD, 0, out);
                }
                return;
            }
            if (!inSync) {
                log(now, Kind.TAKEOVER_WHILE_NOT_IN_SYNC, 0, out);
            }
            claim(now, true, out);
        } else if (peerDead() && peerRole == Role.SPARE) {
            // two SPAREs and the other is gone: nobody is MAIN, so take the role
            claim(now, true, out);
        }
    }

    private void claim(long now, boolean peerDead, List<Command> out) {
        epoch = Math.max(epoch, peerEpoch) + 1;
        setRole(Role.BECOMING_MAIN, now, out);
        deadPeerLogged = false;
        peerFollowerConfirmed = false;
        claimDeadline = now + (peerDead ? 0 : cfg.fdtNanos() / 2);
        // acks must echo this claim's nonce: after a restart our epoch may repeat, and a SPARE_ACK
        // the peer sent to our previous incarnation must not confirm this claim
        claimNonce = now + 1;
        absentClaim = false;
        if (!peerDead) {
            send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
        } else {
            fenceOrGoSilent(now, out);
        }
    }

    private void fenceOrGoSilent(long now, List<Command> out) {
        if (role == Role.BECOMING_MAIN && !deadPeerLogged) {
            // claiming past a peer we cannot confirm: if it was MAIN, this replaces it
            deadPeerLogged = true;
            log(now, Kind.DEAD_MAIN_TAKEOVER, inSync ? 1 : 0, out);
        }
        if (peerHeldInReset && role == Role.BECOMING_MAIN && !resetPending) {
            becomeMain(now, out); // still fenced from before: nothing more to do
        } else if (cfg.resetToPeer()) {
            if (!resetPending && !peerHeldInReset) {
                resetPending = true;
                out.add(new Command.AssertReset());
            }
        } else if (!silent) {
            // no fence: stop beating and answering so that a MAIN we cannot see declares us failed
            // (6 probe intervals) and stops renewing (+ lease), then claim if we heard nothing at all
            silent = true;
            evidenceWhileSilent = false;
            // a peer with a reset line into us never takes this path (it fences), so only with no
            // line either way could both wait silently at once: then SC1 waits longer, SC0 wins
            long extra = self == ScId.SC1 && !cfg.resetFromPeer() ? 2 * cfg.fdtNanos() : 0;
            silentUntil = now + 7 * probeInterval + lease + extra;
        }
    }

    private void claimTick(long now, List<Command> out) {
        if (silent) {
            if (evidenceWhileSilent) {
                silent = false;
                setRole(Role.UNKNOWN, now, out);
                discoveryDeadline = now + cfg.fdtNanos();
            } else if (now >= silentUntil) {
                silent = false;
                absentClaim = true;
                becomeMain(now, out);
            }
            return;
        }
        if (!resetPending) {
            send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
        }
        if (now >= claimDeadline && carrier) {
            fenceOrGoSilent(now, out);
        }
    }

    private void becomeMain(long now, List<Command> out) {
        setRole(Role.MAIN, now, out);
        leaseExpiry = now + lease;
        leaderPending = false;
        disabledLogged = false;
        if (refSel != RefSel.LEADER) {
            if (absentClaim) {
                out.add(new Command.ReadPhaseLock());
            } else if (peerFollowerConfirmed || peerHeldInReset) {
                writeLeader(out);
            }
        }
        hwad.start(now, out);
    }

    private void writeLeader(List<Command> out) {
        leaderPending = true;
        out.add(new Command.WriteRefSel(RefSel.LEADER));
    }

    private void mainTick(long now, List<Command> out) {
        boolean evidence = !(heartbeat.silent() && link.silent()) || now < graceUntil;
        if (evidence || cfg.resetFromPeer() || peerHeldInReset) {
            leaseExpiry = now + lease;
        } else if (cfg.resetToPeer()) {
            // a peer that cannot fence us and that we cannot see: fence it before it could claim
            fenceOrGoSilent(now, out);
            leaseExpiry = now + lease;
        }
        if (peerHeldInReset && !resetPending && now >= resetReleaseAt) {
            resetPending = true;
            out.add(new Command.ReleaseReset());
        }
        if (refSel != RefSel.LEADER && !leaderPending && !peerFollowerConfirmed && !handoverInProgress
                && peerRole == Role.SPARE && peerEpoch == epoch && peerSeen()) {
            // a SPARE of our epoch never leads; its pings carry its read-back REF_SEL
            if (peerRefSel == RefSel.FOLLOWER) {
                peerFollowerConfirmed = true;
            } else {
                send(PeerMessage.Kind.SET_FOLLOWER, epoch, 0, out); // the request or its ack was lost
            }
        }
        if (refSel != RefSel.LEADER && !leaderPending) {
            if (peerFollowerConfirmed || peerHeldInReset) {
                writeLeader(out);
            } else if (absentClaim) {
                out.add(new Command.ReadPhaseLock());
            }
        }
        hwad.tick(now, out);
        afterBoardProgress(out);
    }

    private void afterBoardProgress(List<Command> out) {
        if (handoverInProgress && hwad.settled()) {
            handoverInProgress = false;
            send(PeerMessage.Kind.SET_FOLLOWER, epoch, 0, out);
        }
    }

    private void frame(PeerMessage m, long now, List<Command> out) {
        peerHeard = true;
        pongSinceProbe = true; // any frame proves the link works in this probe interval
        if (silent) {
            evidenceWhileSilent = true;
        }
        // every frame carries the sender's role and current epoch together (it may have restarted at 0)
        peerRole = m.role();
        peerRefSel = m.refSel();
        peerEpoch = m.epoch();
        switch (m.kind()) {
            case PING -> send(PeerMessage.Kind.PONG, epoch, m.seq(), out);
            case PONG -> {
            }
            case CLAIM -> onClaim(m, now, out);
            case SPARE_ACK -> {
                boolean forThisClaim = role == Role.MAIN || m.seq() == claimNonce;
                if (m.epoch() == epoch && m.refSel() == RefSel.FOLLOWER && forThisClaim
                        && (role == Role.BECOMING_MAIN || role == Role.MAIN)) {
                    peerFollowerConfirmed = true;
                    if (role == Role.BECOMING_MAIN && !resetPending) {
                        becomeMain(now, out);
                    }
                }
            }
            case HANDOVER -> {
                if (role == Role.SPARE && m.epoch() == epoch + 1 && inSync) {
                    epoch = m.epoch();
                    peerFollowerConfirmed = false;
                    handoverInProgress = true;
                    absentClaim = false;
                    becomeMain(now, out);
                }
            }
            case SET_FOLLOWER -> {
                if (role == Role.SPARE && m.epoch() == epoch) {
                    followerAckAfterWrite = true;
                    out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
                }
            }
            case FOLLOWER_ACK -> {
                if (role == Role.MAIN && m.epoch() == epoch && m.refSel() == RefSel.FOLLOWER) {
                    peerFollowerConfirmed = true;
                }
            }
        }
        if (role == Role.SPARE && m.role() == Role.MAIN && m.epoch() > epoch && handoverEpoch < 0) {
            yieldTo(m.epoch(), now, out); // we acked an older epoch: follow and ack this MAIN's
        }
        // a frame the peer sent before we fenced it may still arrive: it is no MAIN any more
        if (role == Role.MAIN && m.role() == Role.MAIN && m.epoch() > epoch && !peerHeldInReset) {
            yieldTo(m.epoch(), now, out);
        }
    }

    private void onClaim(PeerMessage m, long now, List<Command> out) {
        long nonceBefore = ackNonce;
        ackNonce = m.seq();
        switch (role) {
            case UNKNOWN -> {
                if (m.epoch() > epoch) {
                    yieldTo(m.epoch(), now, out);
                }
            }
            case SPARE -> {
                if (m.epoch() > epoch) {
                    yieldTo(m.epoch(), now, out);
                } else if (m.epoch() == epoch && refSel == RefSel.FOLLOWER) {
                    send(PeerMessage.Kind.SPARE_ACK, epoch, ackNonce, out);
                } else {
                    ackNonce = nonceBefore;
                }
            }
            case BECOMING_MAIN -> {
                if (self == ScId.SC1 && !resetPending) {
                    if (m.epoch() > epoch) {
                        silent = false;
                        yieldTo(m.epoch(), now, out);
                    } else {
                        // SC0 claims too: step back; it will re-claim above our epoch
                        silent = false;
                        setRole(Role.UNKNOWN, now, out);
                        discoveryDeadline = now + cfg.fdtNanos();
                    }
                } else if (m.epoch() >= epoch && !resetPending) {
                    epoch = m.epoch() + 1;
                    send(PeerMessage.Kind.CLAIM, epoch, claimNonce, out);
                }
            }
            default -> { }
        }
    }

    private void yieldTo(long newEpoch, long now, List<Command> out) {
        // the SPARE takes the MAIN's epoch exactly: its ack must name the epoch the MAIN holds,
        // even if our failed claims counted higher meanwhile
        epoch = newEpoch;
        leaseExpiry = Long.MIN_VALUE;
        silent = false;
        handoverInProgress = false;
        hwad.stop();
        setRole(Role.SPARE, now, out);
        if (peerHeldInReset && !resetPending) {
            resetPending = true; // a SPARE holds nobody in reset
            out.add(new Command.ReleaseReset());
        }
        ackAfterFollower = true;
        out.add(new Command.WriteRefSel(RefSel.FOLLOWER));
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
        resetPending = false;
        if (r.asserted()) {
            if (!r.ok()) {
                return;
            }
            peerHeldInReset = true;
            peerRole = Role.UNKNOWN;
            resetReleaseAt = now + 2 * cfg.fdtNanos();
            log(now, Kind.PEER_FENCED, 0, out);
            if (role == Role.BECOMING_MAIN) {
                becomeMain(now, out);
            }
        } else if (r.ok()) {
            peerHeldInReset = false;
            peerFollowerConfirmed = refSel == RefSel.LEADER;
            graceUntil = now + cfg.fdtNanos();
            heartbeat.reset();
            link.reset();
            lastEdges = -1;
            log(now, Kind.PEER_RELEASED, 0, out);
        }
    }

    private void operator(Event.Operator.Op op, long now, List<Command> out) {
        switch (op) {
            case FAILOVER_ON, FAILOVER_OFF -> {
                failoverEnabled = op == Event.Operator.Op.FAILOVER_ON;
                disabledLogged = false;
                log(now, Kind.FAILOVER_MODE, failoverEnabled ? 1 : 0, out);
            }
            case FAILOVER_FORCE -> forceSwitchover(now, out);
        }
    }

    private void forceSwitchover(long now, List<Command> out) {
        int refusal = role != Role.MAIN ? 3 : !inSync ? 1
                : (peerRole != Role.SPARE || peerEpoch != epoch || heartbeat.failed() || link.failed()
                        || !link.alive() || peerHeldInReset || !hwad.settled()) ? 2 : 0;
        if (refusal != 0) {
            log(now, Kind.SWITCHOVER_REFUSED, refusal, out);
            return;
        }
        log(now, Kind.SWITCHOVER_STARTED, 0, out);
        // demote first: from here on we make no MAIN writes, and keep leading as plain hardware state
        epoch++;
        leaseExpiry = Long.MIN_VALUE;
        hwad.stop();
        setRole(Role.SPARE, now, out);
        handoverEpoch = epoch;
        handoverDeadline = now + 2 * cfg.fdtNanos();
        send(PeerMessage.Kind.HANDOVER, epoch, 0, out);
    }

    private void halt(long now, List<Command> out) {
        log(now, Kind.LEASE_LAPSED, 0, out);
        leaseExpiry = Long.MIN_VALUE;
        hwad.stop();
        setRole(Role.HALTED, now, out);
        out.add(new Command.Halt());
    }

    private void setRole(Role r, long now, List<Command> out) {
        if (r != role) {
            role = r;
            log(now, Kind.ROLE_CHANGE, r.ordinal(), out);
        }
    }

    private void send(PeerMessage.Kind kind, long ep, long seq, List<Command> out) {
        out.add(new Command.Send(new PeerMessage(kind, role, ep, refSel, seq)));
    }

    private void log(long now, Kind kind, long value, List<Command> out) {
        HealthEvent e = new HealthEvent(now, kind, epoch, value);
        if (lastEvents.size() == LOG_KEEP) {
            lastEvents.removeFirst();
        }
        lastEvents.addLast(e);
        out.add(new Command.Log(e));
    }

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

    public boolean silent() {
        return silent;
    }

    public boolean peerHeldInReset() {
        return peerHeldInReset;
    }

    /** Whether the current MAIN role was reached on the "proven absent" path. */
    public boolean claimedAbsent() {
        return absentClaim;
    }

    @Override
    public FailoverStatus status() {
        return new FailoverStatus(self, role, epoch, peerRole, peerEpoch, heartbeat.failed(), link.failed(),
                carrier, inSync, failoverEnabled, hwad.onOurClock(), List.copyOf(lastEvents));
    }
}

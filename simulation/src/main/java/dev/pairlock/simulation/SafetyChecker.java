package dev.pairlock.simulation;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.Physics;
import dev.pairlock.mock.TraceEvent;
import java.util.List;

/**
 * The safety rules judged from ground truth: the chassis' physics and trace (who wrote what, when;
 * which signal paths were up), each software's authority (role, epoch, lease, running) and the
 * schedule's own facts (sync status, operator commands). Called on every trace event (so a write is
 * judged at the instant it happens), at every role change, start and health event, and after every
 * virtual-time event. No rule trusts a controller's own verdict on safety.
 *
 * <p>Its parts: {@link MainAuthority} (who holds MAIN authority, freezes included), {@link
 * SpareTerms} (what each SC confirmed as SPARE, for S4), {@link SignalPaths} (what can arrive at
 * whom, for S4), {@link FailoverSettingFacts} (FAILOVER_OFF's, and {@link SentSettingRule}'s), {@link
 * ViolationLog}, and in VERIFIED mode {@link ReReadComparison}. The rules themselves, and the other facts that decide them, are here.
 */
final class SafetyChecker {
    /** How the checker keeps its facts between events. */
    enum Mode {
        /** Re-reads a fact only after an event that can have changed it (the default). */
        INCREMENTAL,
        /** Re-reads every fact after every event (the reference the incremental mode must equal). */
        FULL,
        /** Incremental, and after every event compared with a full re-read: a difference throws. */
        VERIFIED
    }

    private final Chassis chassis;
    private final Physics physics;
    private final ControllerSoftware[] sw;
    private final long fdtNanos;
    private final ViolationLog log = new ViolationLog();
    private boolean priority1InSync = true;

    // S1, S3, S4, S5
    private final MainAuthority authority;
    // S1
    private boolean bothAuthority;
    // S4: when what each SC emits can arrive at its peer (per path, with the link latency a frame was sent with)
    private final SignalPaths paths;
    /**
     * The signal paths' inputs from the chassis (a slot's running, a path cut or healed, a NIC, a
     * link latency) can have changed since they were last observed: set by every trace event,
     * since the chassis records each such change as it makes it. The inputs from the software
     * (whether each SC emits) are read after every event and compared with {@link #emitted}.
     */
    private boolean pathsDirty = true;
    /** Something the pass reads may have changed since the last: set by its writers ({@link #afterEvent()}). */
    private boolean dirty = true;
    /** Each SC's {@link ControllerSoftware#stateVersion()} at the last full pass (VERIFIED: that none moved unpushed). */
    private final long[] seenVersion = {ControllerSoftware.UNKNOWN_VERSION, ControllerSoftware.UNKNOWN_VERSION};
    /** The first instant at which time alone changes what the last full pass read or left (a lease or a stall ends, a trim is due). */
    private long recheckAt = Long.MIN_VALUE;
    /** Each SC at the last full pass: whether it held MAIN authority, its epoch and failover setting (a renewal's check). */
    private final boolean[] held = new boolean[2];
    private final long[] passEpoch = new long[2];
    private final boolean[] passEnabled = new boolean[2];
    private final boolean[] emitted = new boolean[2];
    private final Mode mode;
    /** VERIFIED only (null otherwise): the incremental facts compared with a full re-read. */
    private final ReReadComparison comparison;
    // S4: each SC's SPARE terms, the current one and the last few it ended
    private final SpareTerms spareTerms;
    // S5: the last MAIN (null once it restarted: its term ended and it rejoined as a new incarnation)
    private ScId lastMain;
    private final boolean[] wasMain = new boolean[2];
    private final boolean[] demotedAlive = new boolean[2];
    private final boolean[] demotedInSync = new boolean[2];
    /**
     * Per SC, for its current claim: DEAD_MAIN_TAKEOVER logged since it began. A claim and its MAIN
     * can come in one step (the runtime then reports only MAIN, and the log after it), so the S5
     * verdict on a new MAIN waits for the end of the event ({@link #pendingTakeover}).
     */
    private final boolean[] takeoverLogged = new boolean[2];
    private final Role[] lastRole = {Role.UNKNOWN, Role.UNKNOWN};
    /** A new MAIN whose replacement of the last MAIN needs a DEAD_MAIN_TAKEOVER of this claim; judged after the event. */
    private final ScId[] pendingTakeover = new ScId[2];
    /** Per SC, at the start of its current claim: the last MAIN was alive (authority, not frozen). */
    private final boolean[] claimAgainstLiveMain = new boolean[2];
    /**
     * Per SC, priority-1 sync when its current claim asserted reset into the peer (null: it has not):
     * the point of no return of a fenced replacement, where S5 judges the sync. Otherwise (silence,
     * the peer's clock gone, a reset line still held) it is judged as the claimant becomes MAIN.
     */
    private final Boolean[] syncAtFence = new Boolean[2];
    /** Per SC, whether the peer had power when its current claim asserted reset into it. */
    private final boolean[] peerPoweredAtFence = new boolean[2];
    // EPOCH: the highest epoch each SC reported in any role, over all its incarnations
    private final long[] epochHeld = {-1, -1};
    // FAILOVER_OFF: by each SC's software, and by the commands the simulator delivered (it records them here)
    final FailoverSettingFacts settings;

    SafetyChecker(Chassis chassis, ControllerSoftware[] sw, long fdtNanos) {
        this(chassis, sw, fdtNanos, Mode.INCREMENTAL);
    }

    SafetyChecker(Chassis chassis, ControllerSoftware[] sw, long fdtNanos, Mode mode) {
        this.chassis = chassis;
        this.physics = chassis.physics();
        this.sw = sw;
        this.fdtNanos = fdtNanos;
        this.mode = mode;
        this.authority = new MainAuthority(chassis, sw, fdtNanos);
        this.paths = new SignalPaths(chassis, fdtNanos);
        this.comparison = mode == Mode.VERIFIED ? new ReReadComparison(chassis, fdtNanos, paths) : null;
        this.spareTerms = new SpareTerms(chassis, paths, fdtNanos);
        this.settings = new FailoverSettingFacts(chassis, sw, log);
    }

    void syncStatus(boolean inSync) {
        dirty = true;
        priority1InSync = inSync;
    }

    private long now() {
        return chassis.time().now();
    }

    void fail(String property, String detail) {
        log.add(now(), property, detail);
    }

    /** Judges a hardware write at the instant the chassis records it. */
    void onTrace(TraceEvent e) {
        pathsDirty = true;
        dirty = true;
        switch (e.kind()) {
            case SPLL_SELECT -> {
                if (!authority.holds(e.sc(), e.time())) {
                    fail("S3", e.sc() + " selected SPLL of slot " + e.slot() + " without MAIN authority");
                }
            }
            case REF_SEL_WRITE -> {
                if (e.b() == 1 && e.sc() != null) {
                    if (!authority.holds(e.sc(), e.time())) {
                        fail("S3", e.sc() + " wrote REF_SEL=LEADER without MAIN authority");
                    }
                    if (bothLeaders()) {
                        fail("S1", "both SCs are REF_SEL=LEADER after " + e.sc() + "'s write");
                    }
                }
            }
            case RESET_ASSERT -> {
                if (e.a() >= 0) {
                    ScId by = ScId.of((int) e.a());
                    ControllerSoftware s = sw[by.index()];
                    boolean may = s.running() && (s.role() == Role.BECOMING_MAIN || authority.holds(by, e.time()));
                    if (!may) {
                        fail("S3", by + " asserted reset into " + e.sc() + " as " + s.role() + " without authority");
                    }
                    if (s.role() == Role.BECOMING_MAIN && syncAtFence[by.index()] == null) {
                        syncAtFence[by.index()] = priority1InSync;
                        peerPoweredAtFence[by.index()] = physics.powered(e.sc());
                    }
                }
            }
            case STALL -> authority.stalled(e);
            case DOMAIN_STOP_VIOLATION -> fail("S2", "slot " + e.slot() + "'s domain stopped: " + e.sc()
                    + " switched it from SC" + e.a() + " to SC" + e.b() + " while the clocks were not phase locked");
            default -> {
            }
        }
    }

    private boolean bothLeaders() {
        return physics.powered(ScId.SC0) && physics.powered(ScId.SC1)
                && physics.refSel(ScId.SC0) == RefSel.LEADER && physics.refSel(ScId.SC1) == RefSel.LEADER;
    }

    /**
     * After every event: S1, and the facts later rules need (signal paths, settings). What they are
     * read from marks {@link #dirty} as it changes — each SC's software state (its runtime pushes
     * every move of its {@link ControllerSoftware#stateVersion()}: {@link #stateMoved}), the chassis
     * (a trace event), the checker's own state (its callbacks); commands or frames waiting for a
     * stopped SC leave it set — or is due at {@link #recheckAt} (a lease or stall ends, a trim): after
     * an event that marked nothing, the pass would change nothing, and is skipped on own fields only.
     */
    void afterEvent() {
        long t = now();
        if (mode != Mode.FULL && !dirty && t < recheckAt) {
            if (comparison != null) {
                verifySkipped(t);
            }
            return;
        }
        pass(t);
    }

    /** {@code sc}'s software state version moved (its runtime's push, from the step that moved it). */
    void stateMoved() {
        dirty = true;
    }

    /**
     * {@code sc}'s MAIN renewed a lease that was in force (its runtime's push): what a pass would
     * read of it is the same but the time its authority ends, so when nothing else waits for a
     * pass, only {@link #recheckAt} moves. A pass already due (dirty, or due by time) does it all.
     */
    void leaseRenewed(ScId sc) {
        long t = now();
        int i = sc.index();
        ControllerSoftware s = sw[i];
        // the runtime's word is a hint, not a fact: a renewal is taken only as what a pass would read
        if (mode == Mode.FULL || dirty || t >= recheckAt || !held[i] || !authority.holds(sc, t)
                || s.epoch() != passEpoch[i] || s.failoverEnabled() != passEnabled[i]) {
            dirty = true;
            return;
        }
        seenVersion[i] = s.stateVersion();
        recheckAt = nextRecheck(t);
    }

    /**
     * The full pass after an event (a method of its own: the check above runs after every event
     * and stays small enough to be inlined into the event loop; this runs after one in ten).
     */
    private void pass(long t) {
        held[0] = authority.holds(ScId.SC0, t);
        held[1] = authority.holds(ScId.SC1, t);
        boolean both = held[0] && held[1];
        if (both && !bothAuthority) {
            fail("S1", "both SCs hold MAIN authority");
        }
        bothAuthority = both;
        boolean e0 = emitting(ScId.SC0);
        boolean e1 = emitting(ScId.SC1);
        if (pathsDirty || e0 != emitted[0] || e1 != emitted[1] || mode == Mode.FULL) {
            paths.observe(e0, e1);
            pathsDirty = false;
            emitted[0] = e0;
            emitted[1] = e1;
        } else {
            paths.unchanged();
        }
        if (comparison != null) {
            comparison.paths(t, e0, e1);
        }
        for (int i = 0; i < 2; i++) {
            ScId sc = ScId.of(i);
            if (pendingTakeover[i] != null) {
                if (!takeoverLogged[i]) {
                    fail("S5", sc + " replaced MAIN " + pendingTakeover[i] + " without logging DEAD_MAIN_TAKEOVER in this claim");
                }
                pendingTakeover[i] = null;
                takeoverLogged[i] = false;
            }
            long epoch = sw[i].epoch();
            if (spareTerms.epoch(i) >= 0 && epoch != spareTerms.epoch(i)) {
                spareTerms.set(i, epoch); // a SPARE follows a later MAIN's epoch without a role change
            }
            passEpoch[i] = epoch;
            passEnabled[i] = sw[i].failoverEnabled();
        }
        settings.observe(sw);
        long v0 = sw[0].stateVersion();
        long v1 = sw[1].stateVersion();
        seenVersion[0] = v0;
        seenVersion[1] = v1;
        // software that cannot tell its version pushes nothing; until what waits is settled, a pass per event
        dirty = v0 == ControllerSoftware.UNKNOWN_VERSION || v1 == ControllerSoftware.UNKNOWN_VERSION || !settings.settled(sw);
        recheckAt = nextRecheck(t);
    }

    /** When time alone next changes what a pass read at {@code t}: a lease or a stall ends, a trim is due. */
    private long nextRecheck(long t) {
        return Math.min(Math.min(authority.timeChangesAt(ScId.SC0, t), authority.timeChangesAt(ScId.SC1, t)),
                paths.trimDue());
    }

    /**
     * VERIFIED, after an event the fast path skipped: whether what a full pass would find now is
     * what the last one left — S1's authority, the emitting flags, the failover settings, the SPARE
     * epochs, and no takeover waiting for its verdict — for the comparison to judge. A method of
     * its own, like {@link #pass}: the fast path stays one call.
     */
    private void verifySkipped(long t) {
        boolean e0 = emitting(ScId.SC0);
        boolean e1 = emitting(ScId.SC1);
        boolean same = (authority.holds(ScId.SC0, t) && authority.holds(ScId.SC1, t)) == bothAuthority
                && e0 == emitted[0] && e1 == emitted[1] && settings.unchanged(sw)
                && sw[0].stateVersion() == seenVersion[0] && sw[1].stateVersion() == seenVersion[1]; // a push forgotten
        for (int i = 0; i < 2; i++) {
            same &= pendingTakeover[i] == null && (spareTerms.epoch(i) < 0 || sw[i].epoch() == spareTerms.epoch(i));
        }
        comparison.skippedPass(t, e0, e1, same);
    }

    /** Whether {@code sc} emits beats and frames now: its software runs on a running slot, not frozen. */
    private boolean emitting(ScId sc) {
        return sw[sc.index()].running() && chassis.running(sc) && !chassis.stalled(sc);
    }

    /**
     * S4's "proven absent" from ground truth: nothing {@code p} emitted was arriving at {@code sc}
     * lately — no path was up, its software was not running or frozen, or what it sent was still
     * on its way — where lately allows for the probe cadence (a heartbeat edge is noticed at the
     * next probe, a frame proves the link at the next probe). A frame travels with the latency in
     * force when it was sent: a latency that rose since leaves a gap in the arrivals, one that fell
     * since does not make old frames arrive sooner ({@link SignalPaths}).
     */
    private boolean unheardBy(ScId p, ScId sc) {
        return !paths.arriving(p, now() - (fdtNanos / 5 + fdtNanos / 10 + 1_000_000L));
    }

    void onHealth(ScId sc, HealthEvent e) {
        dirty = true;
        int i = sc.index();
        if (e.kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER) {
            takeoverLogged[i] = true;
            if (settings.offTakeover(i, e)) {
                fail("FAILOVER_OFF", sc + " took over a MAIN it saw dead while its failover setting was off");
            }
        }
    }

    /** {@code sc}'s software started a new incarnation (boot, restart, reboot after a halt). */
    void onStarted(ScId sc) {
        dirty = true;
        if (lastMain == sc) {
            lastMain = null; // its MAIN term ended; whoever is MAIN next did not replace it
        }
        wasMain[sc.index()] = false;
        lastRole[sc.index()] = Role.UNKNOWN;
        takeoverLogged[sc.index()] = false;
        settings.interrupted(sc);
    }

    /**
     * At every role change: S4 and S5 at the instant {@code sc} becomes MAIN, EPOCH at every claim.
     */
    void onRole(ScId sc, Role role, long epoch) {
        dirty = true;
        int i = sc.index();
        ScId peer = sc.peer();
        ControllerSoftware p = sw[peer.index()];
        // a claim, whether reported or folded into the step that made it MAIN (not a handover: that
        // comes from SPARE with the old MAIN demoted alive; an SC that restarted since the old MAIN
        // stepped down comes up UNKNOWN, and its MAIN is a claim like any other)
        boolean claim = role == Role.BECOMING_MAIN || role == Role.MAIN && lastRole[i] != Role.BECOMING_MAIN
                && !(lastRole[i] == Role.SPARE && demotedAlive[peer.index()]);
        if (claim) {
            if (epoch <= epochHeld[i]) {
                fail("EPOCH", sc + " claimed epoch " + epoch + " though it already held epoch " + epochHeld[i]);
            }
            // seen dead is not dead: whether the MAIN was alive is judged as the claim begins (the
            // claim itself may make it lapse); the sync, where the MAIN is replaced for good
            claimAgainstLiveMain[i] = lastMain == peer && authority.alive(peer);
            syncAtFence[i] = null;
            settings.claimBegins(i);
        }
        if (role != Role.MAIN) {
            takeoverLogged[i] = false; // a claim begins, or one ended without MAIN: its log is spent
        }
        if (role == Role.SPARE) {
            spareTerms.set(i, epoch);
        } else if (lastRole[i] == Role.SPARE) {
            spareTerms.set(i, -1);
        }
        lastRole[i] = role;
        epochHeld[i] = Math.max(epochHeld[i], epoch);
        if (role == Role.SPARE && wasMain[i] && sw[i].running()) {
            demotedAlive[i] = true;
            demotedInSync[i] = priority1InSync; // the switchover is decided here
        } else if (role == Role.HALTED || role == Role.MAIN) {
            demotedAlive[i] = false;
        }
        wasMain[i] = role == Role.MAIN;
        if (role != Role.MAIN) {
            return;
        }
        authority.reestablished(i);
        settings.mainEntered(i);
        boolean spareInEpoch = p.running() && chassis.running(peer) && p.role() == Role.SPARE && p.epoch() == epoch;
        // it was SPARE of this epoch (acked, or handed over in it) and restarted or moved on since, too
        // recently for the news to have arrived: what we acted on was true when it was sent, and since
        // then it can at most have begun a claim, which holds no authority (S1 judges any that follows)
        boolean wasSpareInEpoch = p.role() != Role.MAIN && spareTerms.wasIn(peer, epoch);
        boolean fenced = chassis.heldInReset(peer) || !chassis.powered(peer);
        boolean notRunning = !p.running() || p.role() == Role.HALTED;
        boolean absent = unheardBy(peer, sc) && !authority.holds(peer, now());
        if (!(spareInEpoch || wasSpareInEpoch || fenced || notRunning || absent)) {
            fail("S4", sc + " became MAIN in epoch " + epoch + " while " + peer + " was " + p.role()
                    + " in epoch " + p.epoch() + ", running and within reach");
        }
        if (lastMain == peer) {
            boolean handover = demotedAlive[peer.index()];
            if (handover) {
                if (!demotedInSync[peer.index()]) {
                    fail("S5", sc + " took over from a live MAIN (switchover) while priority-1 data was not in sync");
                }
            } else {
                pendingTakeover[i] = peer;
                // where it was replaced for good: the sync then, and whether it was dead by then after
                // all (powered off: a dead MAIN may be replaced out of sync; lapsed or halted is not dead)
                boolean fencedIt = syncAtFence[i] != null;
                boolean inSyncAtReplacement = fencedIt ? syncAtFence[i] : priority1InSync;
                boolean poweredAtReplacement = fencedIt ? peerPoweredAtFence[i] : chassis.powered(peer);
                if (claimAgainstLiveMain[i] && !inSyncAtReplacement && poweredAtReplacement) {
                    fail("S5", sc + " replaced MAIN " + peer + ", alive when the claim began, while priority-1 "
                            + "data was not in sync");
                }
            }
        }
        demotedAlive[peer.index()] = false;
        lastMain = sc;
    }

    /** sc's software stopped (power, reset, restart): whatever role it had is gone, not handed over. */
    void onStopped(ScId sc) {
        dirty = true;
        int i = sc.index();
        if (lastRole[i] == Role.SPARE) {
            spareTerms.set(i, -1);
        }
        lastRole[i] = Role.UNKNOWN;
        // a MAIN that stepped down and was then reset still handed over: keep demotedAlive
        wasMain[i] = false;
        authority.stopped(i);
        settings.interrupted(sc);
    }

    List<Violation> violations() {
        return log.kept();
    }

    long violationCount() {
        return log.count();
    }
}

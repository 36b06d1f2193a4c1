package dev.pairlock.simulation;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.Physics;
import dev.pairlock.mock.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * S1..S5 from ground truth: the chassis' physics and trace (who wrote what, when) and each
 * software's authority (role, epoch, lease, running). Called on every trace event (so a write is
 * judged at the instant it happens) and after every virtual-time event.
 *
 * <p>"Proven absent" (S4) is checked as: at the instant an SC becomes MAIN, the peer holds no MAIN
 * authority. The protocol only takes that path without a fence after staying silent long enough
 * for any MAIN that cannot see it to lapse (or fence it), so this is what the path promises; a
 * peer that is itself still claiming holds no authority and, having a reset line (the path is only
 * taken when we have none), fences us before it becomes MAIN.
 */
final class SafetyChecker {
    private static final int MAX_KEPT = 20;

    private final Chassis chassis;
    private final Physics physics;
    private final ControllerSoftware[] sw;
    private final List<Violation> violations = new ArrayList<>();
    private long violationCount;
    private boolean priority1InSync = true;
    private final boolean[] deadMainLogged = new boolean[2];
    private ScId lastMain;
    private boolean bothAuthority;
    private final boolean[] wasMain = new boolean[2];
    private final boolean[] demotedAlive = new boolean[2];
    private final boolean[] demotedInSync = new boolean[2];
    // S3 from ground truth, not the software's own lease: a MAIN whose software was frozen (stall)
    // for at least the peer's failure detection time may have been replaced meanwhile; whatever
    // lease it reports, it holds no authority until it becomes MAIN again (or restarts)
    private final long fdtNanos;
    private final long[] frozenSince = new long[2];
    private final long[] frozenUntil = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final boolean[] frozenOut = new boolean[2];

    SafetyChecker(Chassis chassis, ControllerSoftware[] sw, long fdtNanos) {
        this.chassis = chassis;
        this.physics = chassis.physics();
        this.sw = sw;
        this.fdtNanos = fdtNanos;
    }

    void syncStatus(boolean inSync) {
        priority1InSync = inSync;
    }

    private long now() {
        return chassis.time().now();
    }

    private boolean authority(ScId sc, long t) {
        ControllerSoftware s = sw[sc.index()];
        return s.running() && chassis.running(sc) && s.role() == Role.MAIN && t < s.leaseExpiry()
                && !frozenOut[sc.index()];
    }

    void fail(String property, String detail) {
        violationCount++;
        // the first of every property is always kept, so a flood of one kind cannot hide another
        boolean firstOfKind = violations.stream().noneMatch(v -> v.property().equals(property));
        if (violations.size() < MAX_KEPT || firstOfKind) {
            violations.add(new Violation(now(), property, detail));
        }
    }

    /** Judges a hardware write at the instant the chassis records it. */
    void onTrace(TraceEvent e) {
        switch (e.kind()) {
            case SPLL_SELECT -> {
                if (!authority(e.sc(), e.time())) {
                    fail("S3", e.sc() + " selected SPLL of slot " + e.slot() + " without MAIN authority");
                }
            }
            case REF_SEL_WRITE -> {
                if (e.b() == 1 && e.sc() != null) {
                    if (!authority(e.sc(), e.time())) {
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
                    boolean may = s.running() && (s.role() == Role.BECOMING_MAIN || authority(by, e.time()));
                    if (!may) {
                        fail("S3", by + " asserted reset into " + e.sc() + " as " + s.role() + " without authority");
                    }
                }
            }
            case STALL -> {
                int i = e.sc().index();
                long start = e.time() < frozenUntil[i] ? frozenSince[i] : e.time();
                frozenSince[i] = start;
                frozenUntil[i] = Math.max(frozenUntil[i], e.b());
                if (frozenUntil[i] - start >= fdtNanos && sw[i].role() == Role.MAIN) {
                    frozenOut[i] = true;
                }
            }
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

    /** S1 after every event. */
    void afterEvent() {
        long t = now();
        boolean both = authority(ScId.SC0, t) && authority(ScId.SC1, t);
        if (both && !bothAuthority) {
            fail("S1", "both SCs hold MAIN authority");
        }
        bothAuthority = both;
    }

    void onHealth(ScId sc, HealthEvent e) {
        if (e.kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER) {
            deadMainLogged[sc.index()] = true;
        }
    }

    /**
     * S4 and S5 at the instant {@code sc} becomes MAIN. S5 is judged as: a MAIN that stepped down
     * alive (planned switchover) must have been in sync when it stepped down; any other
     * replacement of a MAIN must have been logged as a dead-MAIN health event by the new MAIN.
     */
    void onRole(ScId sc, Role role, long epoch) {
        int i = sc.index();
        if (role == Role.SPARE && wasMain[i] && sw[i].running()) {
            demotedAlive[i] = true;
            demotedInSync[i] = priority1InSync; // the switchover is decided here
        } else if (role == Role.HALTED || role == Role.MAIN) {
            demotedAlive[i] = false;
        }
        wasMain[i] = role == Role.MAIN;
        if (role == Role.MAIN) {
            frozenOut[i] = false; // authority re-established (S4 judges how)
        }
        if (role != Role.MAIN) {
            return;
        }
        ScId peer = sc.peer();
        ControllerSoftware p = sw[peer.index()];
        boolean spareInEpoch = p.running() && p.role() == Role.SPARE && p.epoch() == epoch;
        boolean fenced = chassis.heldInReset(peer) || !chassis.powered(peer);
        // a claimant peer is no authority: with one-way reset wiring it fences us before it can be MAIN
        boolean absent = Boolean.getBoolean("s4strict") ? !p.running() || p.role() == Role.HALTED : !authority(peer, now());
        if (!(spareInEpoch || fenced || absent)) {
            fail("S4", sc + " became MAIN in epoch " + epoch + " while " + peer + " was " + p.role()
                    + " in epoch " + p.epoch());
        }
        if (lastMain == peer) {
            // stepped down alive and has not been MAIN, halted or restarted since (it may have
            // withdrawn into a new claim meanwhile: the handover is still what made us MAIN)
            boolean handover = demotedAlive[peer.index()];
            if (handover && !demotedInSync[peer.index()]) {
                fail("S5", sc + " took over from a live MAIN while priority-1 data was not in sync");
            }
            // a MAIN that restarted and acked us as SPARE was not replaced, it rejoined
            boolean rejoined = p.running() && (p.role() == Role.SPARE || p.role() == Role.UNKNOWN);
            if (!handover && !rejoined && !deadMainLogged[i]) {
                fail("S5", sc + " replaced MAIN " + peer + " without logging a dead-MAIN health event");
            }
        }
        demotedAlive[peer.index()] = false;
        deadMainLogged[i] = false;
        lastMain = sc;
    }

    /** sc's software stopped (power, reset, restart): whatever role it had is gone, not handed over. */
    void onStopped(ScId sc) {
        // a MAIN that stepped down and was then reset still handed over: keep demotedAlive
        wasMain[sc.index()] = false;
        frozenOut[sc.index()] = false;
    }

    List<Violation> violations() {
        return violations;
    }

    long violationCount() {
        return violationCount;
    }
}

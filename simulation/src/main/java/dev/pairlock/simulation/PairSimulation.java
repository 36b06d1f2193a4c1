package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.MeteredLanes;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.ControllerLifecycleListener;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.Physics;
import dev.pairlock.mock.TraceEvent;
import dev.pairlock.mock.VirtualTime;
import dev.pairlock.platform.SimBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Schedule}: a chassis and both SCs' software on one virtual time, the checker on
 * every event, faults healed at {@code faultsEnd}, liveness judged at {@code end}. A pure function
 * of the schedule: the same schedule gives the same trace hash.
 */
public final class PairSimulation {
    /** {@code a} of a PROTOCOL_NOTE trace event: the SC's software (re)started; {@code b} = its epoch. */
    public static final long NOTE_SOFTWARE_START = 1;

    private final Schedule schedule;
    private final boolean keepTrace;
    private final SoftwareFactory factory;
    private SafetyChecker.Mode checkerMode = SafetyChecker.Mode.INCREMENTAL;

    private VirtualTime time;
    private Chassis chassis;
    private final ControllerSoftware[] sw = new ControllerSoftware[2];
    private final boolean[] started = new boolean[2];
    private SafetyChecker checker;
    /** Each SC's data sync, as its runtime hears it: the schedule's sync fact, for the role data sync applied. */
    private final DatasyncStandIn[] sync = new DatasyncStandIn[2];
    private final List<RunResult.Health> health = new ArrayList<>();

    // failover measurement
    private long lossAt = -1;
    private ScId lostMain;
    private long failoverNanos = -1;
    private long takeoverNanos = -1;
    private long failoverFrom = -1;

    public PairSimulation(Schedule schedule, boolean keepTrace, SoftwareFactory factory) {
        this.schedule = schedule;
        this.keepTrace = keepTrace;
        this.factory = factory;
    }

    public PairSimulation(Schedule schedule, boolean keepTrace) {
        this(schedule, keepTrace, SoftwareFactory.PAIRLOCK);
    }

    /** Tests: how the checker keeps its facts (the incremental default, the full reference, or both compared). */
    PairSimulation checkerMode(SafetyChecker.Mode mode) {
        this.checkerMode = mode;
        return this;
    }

    public static RunResult run(Schedule schedule) {
        return new PairSimulation(schedule, false).run();
    }

    public RunResult run() {
        ChassisConfig cc = schedule.chassis();
        if (!keepTrace && cc.traceCapacity() == 0) {
            cc = cc.toBuilder().traceCapacity(64).build();
        }
        time = new VirtualTime();
        chassis = new Chassis(cc, time);
        SimBackend hardware = new SimBackend(chassis);
        checker = new SafetyChecker(chassis, sw, schedule.fdtNanos(), checkerMode);
        checker.settings.automaticOff(schedule.disableAfterFailover());
        for (ScId sc : ScId.values()) {
            ControllerHardware hw = hardware.controller(sc);
            CoreConfig cfg = new CoreConfig(sc, schedule.fdtNanos(), cc.slots(), cc.resetWired(sc),
                    cc.resetWired(sc.peer()), true, schedule.disableAfterFailover())
                    .withSyncEngine(true); // each SC's DatasyncStandIn, as pairlockd's DatasyncBridge
            StallGate gate = new StallGate(time, chassis, sc);
            MeteredLanes lanes = new MeteredLanes(gate, () -> chassis.drainBusyNanos(sc), cc.slots());
            sw[sc.index()] = factory.create(hw, cfg, gate, lanes, listener(), () -> chassis.drainBusyNanos(sc));
            sync[sc.index()] = new DatasyncStandIn(time, sw[sc.index()], schedule.fdtNanos(), schedule.syncPublishNanos(),
                    checkerMode == SafetyChecker.Mode.FULL); // FULL: the reference, pushes not trusted
        }
        chassis.addLifecycleListener(new ControllerLifecycleListener() {
            @Override
            public void onPowerOff(ScId sc) {
                sw[sc.index()].stop();
                sync[sc.index()].stopped();
                checker.onStopped(sc);
            }

            @Override
            public void onHeldInReset(ScId sc) {
                sw[sc.index()].stop();
                sync[sc.index()].stopped();
                checker.onStopped(sc);
            }

            @Override
            public void onBoot(ScId sc) {
                if (started[sc.index()]) {
                    startSoftware(sc);
                }
            }
        });
        chassis.trace().listen(this::onTrace);
        time.afterEachEvent(this::afterEvent);
        for (Action a : schedule.actions()) {
            time.scheduleAt(a.at(), () -> perform(a));
        }
        time.scheduleAt(schedule.faultsEnd(), this::healAll);
        time.runUntil(schedule.end());
        checkLiveness();
        return result();
    }

    private ControllerRuntime.Listener listener() {
        return new ControllerRuntime.Listener() {
            @Override
            public void onRoleChange(ScId sc, Role role, long epoch, long now) {
                chassis.trace().record(now, TraceEvent.Kind.PROTOCOL, sc, -1, role.ordinal(), epoch);
                checker.onRole(sc, role, epoch);
                sync[sc.index()].roleChanged(role, epoch); // the bridge hands it to data sync in this very step
                if (role == Role.MAIN && lossAt >= 0 && sc != lostMain && takeoverNanos < 0) {
                    takeoverNanos = now - lossAt;
                }
            }

            @Override
            public void onStateChange(ScId sc) {
                checker.stateMoved(); // pushed, so that neither polls the software after every event
                sync[sc.index()].stateMoved();
            }

            @Override
            public void onLeaseRenewed(ScId sc) {
                checker.leaseRenewed(sc); // a hint each checks against what it reads itself
                sync[sc.index()].stateMoved();
            }

            @Override
            public void onStart(ScId sc, long now) {
                chassis.trace().record(now, TraceEvent.Kind.PROTOCOL_NOTE, sc, -1, NOTE_SOFTWARE_START,
                        sw[sc.index()].epoch());
                checker.onStarted(sc);
                sync[sc.index()].started();
            }

            @Override
            public void onHealth(ScId sc, HealthEvent e) {
                checker.onHealth(sc, e);
                if (keepTrace) {
                    health.add(new RunResult.Health(sc, e));
                }
            }
        };
    }

    private void perform(Action a) {
        switch (a) {
            case Action.InjectFault f -> chassis.inject(f.fault());
            case Action.OperatorCommand o -> {
                checker.settings.delivered(o.sc(), o.op(), sw[o.sc().index()]); // FAILOVER_OFF's own record
                sw[o.sc().index()].operator(o.op());
            }
            case Action.Sync s -> {
                checker.syncStatus(s.priority1InSync());
                for (DatasyncStandIn d : sync) {
                    d.fact(s.priority1InSync());
                }
            }
            case Action.StartSoftware s -> {
                started[s.sc().index()] = true;
                if (chassis.running(s.sc())) {
                    startSoftware(s.sc());
                }
            }
        }
    }

    /**
     * A start of the software is a start of its process (pairlockd's): data sync's engine starts
     * with it, so the instance before it and its last word end here, and the fresh software waits for
     * the new engine's first word (DatasyncStandIn), which is handed its role at once.
     */
    private void startSoftware(ScId sc) {
        ControllerSoftware s = sw[sc.index()];
        s.stop();
        sync[sc.index()].stopped();
        checker.onStopped(sc);
        s.start();
    }

    /** Faults stop: undo every lasting fault the schedule injected (removed boards stay removed). */
    private void healAll() {
        for (Action a : schedule.actions()) {
            if (a instanceof Action.InjectFault f) {
                Fault heal = switch (f.fault()) {
                    case Fault.HangBus h -> new Fault.UnhangBus(h.sc(), h.bus());
                    case Fault.IntermittentBus i -> new Fault.IntermittentBus(i.sc(), i.bus(), 0, i.error());
                    case Fault.NackDevice n -> new Fault.StopNack(n.slot());
                    case Fault.CutHeartbeat c -> new Fault.RestoreHeartbeat(c.from());
                    case Fault.Partition p -> new Fault.HealPartition(p.direction());
                    case Fault.NicDown n -> new Fault.NicUp(n.sc());
                    case Fault.PowerOff p -> chassis.powered(p.sc()) ? null : new Fault.PowerOn(p.sc());
                    case Fault.LinkLatency l -> new Fault.LinkLatency(l.from(), schedule.chassis().peerLinkLatency());
                    default -> null;
                };
                if (heal != null) {
                    chassis.inject(heal);
                }
            }
        }
    }

    private void onTrace(TraceEvent e) {
        checker.onTrace(e);
        boolean loss = switch (e.kind()) {
            case POWER_OFF, STALL -> true;
            case RESET_ASSERT -> e.a() < 0;
            default -> false;
        };
        // a failover is measured only where one may happen: the survivor's failover is on
        if (loss && e.sc() != null && lossAt < 0 && sw[e.sc().index()].role() == Role.MAIN
                && sw[e.sc().peer().index()].failoverEnabled()) {
            lossAt = e.time();
            lostMain = e.sc();
            takeoverNanos = -1;
            failoverNanos = -1;
        }
    }

    private void afterEvent() {
        checker.afterEvent();
        sync[0].afterEvent();
        sync[1].afterEvent();
        if (lossAt >= 0 && failoverNanos < 0) {
            long now = time.now();
            ScId main = currentMain();
            if (main == lostMain && !chassis.stalled(lostMain) && chassis.running(lostMain)) {
                lossAt = -1; // it survived (a short stall): no failover happened
            } else if (main != null && main != lostMain && boardsOn(main) == boardsPresent()) {
                failoverNanos = now - lossAt;
                failoverFrom = lossAt;
            }
        }
    }

    private ScId currentMain() {
        long now = time.now();
        ScId found = null;
        for (int i = 0; i < 2; i++) { // ScId.of, not values(): this runs after every event
            ScId sc = ScId.of(i);
            ControllerSoftware s = sw[i];
            if (s.running() && chassis.running(sc) && s.role() == Role.MAIN && now < s.leaseExpiry()) {
                found = sc;
            }
        }
        return found;
    }

    private int boardsPresent() {
        Physics p = chassis.physics();
        int n = 0;
        for (int s = 0; s < p.slots(); s++) {
            if (p.boardPresent(s)) {
                n++;
            }
        }
        return n;
    }

    private int boardsOn(ScId main) {
        Physics p = chassis.physics();
        int n = 0;
        for (int s = 0; s < p.slots(); s++) {
            if (p.boardPresent(s) && p.boardInput(s) == main && p.boardRunning(s) && p.boardLocked(s)) {
                n++;
            }
        }
        return n;
    }

    private void checkLiveness() {
        int mains = 0;
        for (ScId sc : ScId.values()) {
            ControllerSoftware s = sw[sc.index()];
            if (s.running() && s.role() == Role.MAIN) {
                mains++;
            }
        }
        ScId main = currentMain();
        if (mains != 1 || main == null) {
            checker.fail("LIVENESS", "after the settle time there are " + mains + " MAINs with authority "
                    + (main == null ? "none" : main.toString()) + " (SC0 " + sw[0].role() + ", SC1 " + sw[1].role() + ")");
            return;
        }
        if (!chassis.physics().phaseLocked()) {
            checker.fail("LIVENESS", "after the settle time the SC clocks are not phase locked");
        }
        int on = boardsOn(main);
        int present = boardsPresent();
        if (on != present) {
            checker.fail("LIVENESS", "after the settle time only " + on + " of " + present
                    + " present boards run locked on MAIN " + main + "'s clock");
        }
        ControllerSoftware spare = sw[main.peer().index()];
        ControllerSoftware m = sw[main.index()];
        if (spare.running() && chassis.running(main.peer())) {
            // a pair that can talk settles: the other SC is SPARE in the MAIN's epoch (a later
            // switchover needs that) and both hold the same failover setting
            if (spare.role() != Role.SPARE || spare.epoch() != m.epoch()) {
                checker.fail("LIVENESS", "after the settle time " + main.peer() + " is " + spare.role() + " in epoch "
                        + spare.epoch() + ", not SPARE in MAIN " + main + "'s epoch " + m.epoch());
            }
            if (m.status() != null && spare.status() != null && !m.status().setting().equals(spare.status().setting())) {
                checker.fail("LIVENESS", "after the settle time the failover settings differ: " + main + " "
                        + m.status().setting() + ", " + main.peer() + " " + spare.status().setting());
            }
        }
    }

    private RunResult result() {
        ScId main = currentMain();
        return new RunResult(schedule, List.copyOf(checker.violations()), checker.violationCount(), failoverNanos,
                takeoverNanos, failoverNanos < 0 ? -1 : failoverFrom, main, main == null ? 0 : boardsOn(main), boardsPresent(), chassis.trace().hash(),
                time.eventsRun(), keepTrace ? chassis.trace().events() : List.of(), List.copyOf(health));
    }
}

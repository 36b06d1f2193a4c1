package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.Spll;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shell enforces S2 and S3 itself, whatever the protocol asks for. */
class ControllerRuntimeTest {
    private long now;
    private final List<Runnable> due = new ArrayList<>();
    private RefSel refSel = RefSel.FOLLOWER;
    private boolean phaseLocked;
    private ScId spllInput = ScId.SC1;
    private int selects;

    /** Tasks asked for later (the periodic tick): run only when a test says so. */
    private final List<Runnable> later = new ArrayList<>();
    /** The runtime's frame receiver (it registers one at start). */
    private PeerLink.FrameReceiver receiver;

    /** Runs only what is due now (lane completions); the periodic tick comes only when a test runs {@link #later}. */
    private final Scheduler scheduler = (delay, task) -> {
        (delay == 0 ? due : later).add(task);
        return () -> { };
    };

    private void runDue() {
        while (!due.isEmpty()) {
            due.removeFirst().run();
        }
    }

    private ControllerHardware hardware() {
        Spll spll = new Spll() {
            @Override
            public SpllStatus status() {
                return new SpllStatus(spllInput, true, true);
            }

            @Override
            public void select(ScId input) {
                selects++;
                spllInput = input;
            }
        };
        Board board = new Board() {
            public int slot() {
                return 0;
            }

            public Presence presence() {
                return Presence.of(0x5A);
            }

            public Spll spll() {
                return spll;
            }
        };
        BoardBay bay = new BoardBay() {
            public int slotCount() {
                return 1;
            }

            public Board board(int slot) {
                return board;
            }
        };
        Gchip gchip = new Gchip() {
            public RefSel refSel() {
                return refSel;
            }

            public void setRefSel(RefSel mode) {
                refSel = mode;
            }

            public boolean phaseLocked() {
                return phaseLocked;
            }

            public boolean peerClockPresent() {
                return true;
            }
        };
        I2cBuses buses = InertParts.oneUnusedBus();
        HeartbeatInput in = InertParts.silentHeartbeat();
        PeerLink link = new PeerLink() {
            public void send(byte[] frame) {
            }

            public boolean carrier() {
                return true;
            }

            public void onFrame(FrameReceiver r) {
                receiver = r;
            }
        };
        return new ControllerHardware(ScId.SC0, buses, bay, gchip, () -> { }, in, Optional.empty(), link,
                () -> now, scheduler);
    }

    /** A protocol that is MAIN with a lease until t=100 and asks for whatever the test queues. */
    private static final class Scripted extends StubLogic {
        final List<Command> next = new ArrayList<>();
        final List<Event> seen = new ArrayList<>();
        /** If set, the role it takes on the next event (with that event's commands). */
        Role becomes;

        Scripted() {
            super(Role.MAIN, 1, 100, (self, event, now, out) -> { });
        }

        @Override
        public void handle(Event event, long nowNanos, List<Command> out) {
            seen.add(event);
            if (becomes != null) {
                role = becomes;
                becomes = null;
            }
            out.addAll(next);
            next.clear();
        }

        @Override
        public FailoverStatus status() {
            return new FailoverStatus(ScId.SC0, role, 1, Role.SPARE, 1, false, false, true, true,
                    FailoverSetting.initial(true), 0, FailoverState.ACTIVE, null, 0, List.of());
        }
    }

    @Test
    void whileTheSoftwareIsStoppedItsStatusSaysUnknownAsItsRoleDoes() {
        Scripted logic = start();
        runDue();
        assertEquals(Role.MAIN, runtime.status().role());
        runtime.stop(); // held in reset, or backing off after a fault: the core keeps the role it had
        assertEquals(Role.MAIN, logic.role());
        assertEquals(Role.UNKNOWN, runtime.role());
        assertEquals(Role.UNKNOWN, runtime.status().role(), "failover show must not say MAIN for a stopped SC");
        assertEquals(1, runtime.status().epoch());
        runtime.start();
        runDue();
        assertEquals(Role.MAIN, runtime.status().role());
    }

    private Scripted start() {
        Scripted logic = new Scripted();
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        ControllerRuntime rt = new ControllerRuntime(hardware(), cfg, scheduler,
                new MeteredLanes(scheduler, () -> 0, 1), c -> logic, new ControllerRuntime.Listener() { }, 0);
        rt.start();
        this.runtime = rt;
        return logic;
    }

    private ControllerRuntime runtime;

    /**
     * The simulator's checker reads an SC's failover setting again only when its state version
     * moved (not after every event): a step that changes the setting and nothing else (an operator's
     * off on a SPARE, an off heard from the peer) must move it too.
     */
    @Test
    void aStepThatChangesOnlyTheFailoverSettingMovesTheStateVersion() {
        Scripted logic = start();
        runDue();
        runtime.deliver(new Event.Wake());
        long before = runtime.stateVersion();
        runtime.deliver(new Event.Wake());
        assertEquals(before, runtime.stateVersion(), "a step that changes nothing leaves it");
        logic.enabled = false; // as the step's handling of an operator's off would
        runtime.deliver(new Event.Wake());
        assertEquals(false, runtime.failoverEnabled());
        assertTrue(runtime.stateVersion() != before, "the setting changed, the state version must move");
    }

    /**
     * The checker and the data sync stand-ins no longer read the state version after every event:
     * each move is pushed to the listener, once, and a step that moves nothing pushes nothing.
     */
    @Test
    void everyMoveOfTheStateVersionIsPushedToTheListener() {
        Scripted logic = new Scripted();
        long[] pushes = new long[1];
        ControllerRuntime rt = new ControllerRuntime(hardware(), CoreConfig.defaults(ScId.SC0, 1), scheduler,
                new MeteredLanes(scheduler, () -> 0, 1), c -> logic, new ControllerRuntime.Listener() {
                    @Override
                    public void onStateChange(ScId sc) {
                        pushes[0]++;
                    }
                }, 0);
        long v = rt.stateVersion();
        rt.start();
        runDue();
        rt.deliver(new Event.Wake());
        assertEquals(rt.stateVersion() - v, pushes[0], "a start and its first steps: one push per move");
        long quiet = pushes[0];
        rt.deliver(new Event.Wake());
        assertEquals(quiet, pushes[0], "a step that changes nothing pushes nothing");
        logic.enabled = false;
        rt.deliver(new Event.Wake());
        rt.stop();
        assertEquals(quiet + 2, pushes[0], "the setting's step and the stop: one push each");
        assertEquals(rt.stateVersion() - v, pushes[0]);
    }

    /**
     * A MAIN's lease renewal (about one event in ten) is pushed as a renewal, which the simulator's
     * checker takes without a full pass: only a lease in force before and after the step qualifies.
     * A lease that had lapsed and is renewed (authority begins again), and a role change, are state changes.
     */
    @Test
    void onlyARenewalOfALeaseInForceIsPushedAsARenewal() {
        Scripted logic = new Scripted();
        List<String> pushes = new ArrayList<>();
        ControllerRuntime rt = new ControllerRuntime(hardware(), CoreConfig.defaults(ScId.SC0, 1), scheduler,
                new MeteredLanes(scheduler, () -> 0, 1), c -> logic, new ControllerRuntime.Listener() {
                    @Override
                    public void onStateChange(ScId sc) {
                        pushes.add("change");
                    }

                    @Override
                    public void onLeaseRenewed(ScId sc) {
                        pushes.add("renewal");
                    }
                }, 0);
        logic.lease = 1_000;
        rt.start();
        runDue();
        rt.deliver(new Event.Wake());
        pushes.clear();
        logic.lease = 2_000; // in force (now 0) before and after
        rt.deliver(new Event.Wake());
        assertEquals(List.of("renewal"), pushes);
        long v = rt.stateVersion();
        now = 2_000; // lapsed: MAIN authority ended with it
        logic.lease = 3_000;
        rt.deliver(new Event.Wake());
        assertEquals(List.of("renewal", "change"), pushes, "authority beginning again is a change");
        assertTrue(rt.stateVersion() != v, "a renewal moves the state version too");
        logic.lease = 2_500; // shorter, still in force: what holds now is the same
        rt.deliver(new Event.Wake());
        logic.becomes = Role.SPARE;
        rt.deliver(new Event.Wake());
        assertEquals(List.of("renewal", "change", "renewal", "change"), pushes);
    }

    /**
     * A role listener may step the core again at once (it delivers an event): that nested step must
     * not take the list holding the commands of the step that changed the role, which are still to run.
     */
    @Test
    void aRoleListenerThatDeliversAtOnceLeavesTheRoleChangingStepsCommandsToRun() {
        List<HealthEvent.Kind> logged = new ArrayList<>();
        ControllerRuntime[] rt = new ControllerRuntime[1];
        Scripted logic = new Scripted();
        logic.role = Role.UNKNOWN;
        ControllerRuntime.Listener listener = new ControllerRuntime.Listener() {
            @Override
            public void onRoleChange(ScId sc, Role role, long epoch, long nowNanos) {
                rt[0].deliver(new Event.Wake()); // synchronously, inside the step that changed the role
            }

            @Override
            public void onHealth(ScId sc, HealthEvent event) {
                logged.add(event.kind());
            }
        };
        rt[0] = new ControllerRuntime(hardware(), CoreConfig.defaults(ScId.SC0, 1), scheduler,
                new MeteredLanes(scheduler, () -> 0, 1), c -> logic, listener, 0);
        rt[0].start();
        runDue();
        logic.becomes = Role.MAIN; // the next step changes the role and asks for two things
        logic.next.add(new Command.Log(new HealthEvent(now, HealthEvent.Kind.BOARD_ERROR, 1, HealthEvent.Detail.NONE)));
        logic.next.add(new Command.Log(new HealthEvent(now, HealthEvent.Kind.BOARD_REPAIRED, 1, HealthEvent.Detail.NONE)));
        rt[0].deliver(new Event.Wake());
        runDue();
        assertEquals(List.of(HealthEvent.Kind.BOARD_ERROR, HealthEvent.Kind.BOARD_REPAIRED), logged);
    }

    @Test
    void aTickMoreThanHalfALeaseLateIsCountedAPunctualOneIsNot() {
        start();
        runDue();
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        now += cfg.tickNanos(); // on time
        later.removeFirst().run();
        assertEquals(0, runtime.lateTicks());
        now += cfg.tickNanos() + cfg.leaseNanos() / 2; // exactly half a lease late: still not counted
        later.removeFirst().run();
        assertEquals(0, runtime.lateTicks());
        now += cfg.tickNanos() + cfg.leaseNanos() / 2 + 1; // the loop got the CPU back too late
        later.removeFirst().run();
        assertEquals(1, runtime.lateTicks());
        assertEquals(3, runtime.ticks());
    }

    @Test
    void aFrameThatWaitedMoreThanATickIsDroppedAndTheNextTickSaysSo() {
        Scripted logic = start();
        runDue();
        long tick = CoreConfig.defaults(ScId.SC0, 1).tickNanos();
        byte[] frame = PeerCodec.encode(new PeerMessage(PeerMessage.Kind.PING, Role.MAIN, 3, RefSel.LEADER, 1,
                FailoverSetting.initial(true), 1));
        receiver.onFrame(frame); // arrives now, handled a tick and a nanosecond later: our loop lagged
        now += tick + 1;
        runDue();
        assertTrue(logic.seen.stream().noneMatch(e -> e instanceof Event.Frame), "a stale frame reached the core");
        receiver.onFrame(frame); // handled at once
        runDue();
        assertInstanceOf(Event.Frame.class, logic.seen.getLast());
        assertEquals(1, runtime.staleFramesDropped());
        later.removeFirst().run(); // the tick
        Event.Tick t = (Event.Tick) logic.seen.stream().filter(e -> e instanceof Event.Tick).reduce((a, b) -> b).orElseThrow();
        assertEquals(1, t.staleFrames(), "the core hears that the peer spoke while we could not listen");
        later.removeFirst().run(); // the next tick: nothing dropped since
        t = (Event.Tick) logic.seen.stream().filter(e -> e instanceof Event.Tick).reduce((a, b) -> b).orElseThrow();
        assertEquals(0, t.staleFrames());
    }

    @Test
    void aLeaderWriteAfterTheLeaseLapsedIsDroppedAndReported() {
        Scripted logic = start();
        now = 150;
        logic.next.add(new Command.WriteRefSel(RefSel.LEADER));
        runtime.deliver(new Event.Wake());
        runDue();
        assertEquals(RefSel.FOLLOWER, refSel);
        assertInstanceOf(Event.AuthorityLapsed.class, logic.seen.getLast());
    }

    @Test
    void aLeaderWriteWithinTheLeaseHappens() {
        Scripted logic = start();
        now = 50;
        logic.next.add(new Command.WriteRefSel(RefSel.LEADER));
        runtime.deliver(new Event.Wake());
        runDue();
        assertEquals(RefSel.LEADER, refSel);
        assertEquals(new Event.RefSelWritten(RefSel.LEADER, RefSel.LEADER, true), logic.seen.getLast());
    }

    @Test
    void anSpllIsNotSwitchedWhileThePhaseLockReadsFalse() {
        Scripted logic = start();
        now = 10;
        phaseLocked = false;
        logic.next.add(new Command.SwitchSpllIfLocked(0, ScId.SC0));
        runtime.deliver(new Event.Wake());
        runDue();
        assertEquals(0, selects);
        assertEquals(new Event.SpllSwitched(0, Event.SpllOutcome.REFUSED_UNLOCKED), logic.seen.getLast());

        phaseLocked = true;
        logic.next.add(new Command.SwitchSpllIfLocked(0, ScId.SC0));
        runtime.deliver(new Event.Wake());
        runDue();
        assertEquals(1, selects);
        assertEquals(ScId.SC0, spllInput);
        assertTrue(logic.seen.contains(new Event.SpllSwitched(0, Event.SpllOutcome.SWITCHED)));
    }

    @Test
    void theSyncEnginesLatestWordGoesAheadOfAnEventThatWaitedBehindIt() {
        // seed 584792: a force queued during a pause, the sync loss queued after it; the core must
        // know the sync is lost before it decides on the force (S5)
        Scripted logic = start();
        runDue();
        int before = logic.seen.size();
        runtime.post(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        runtime.post(new Event.SyncStatus(false));
        runDue();
        assertEquals(List.of(new Event.SyncStatus(false), new Event.Operator(Event.Operator.Op.FAILOVER_FORCE)),
                logic.seen.subList(before, logic.seen.size()), "the sync word first, and only once");
    }

    @Test
    void aSyncWordSupersededInTheQueueIsNotDelivered() {
        Scripted logic = start();
        runDue();
        int before = logic.seen.size();
        runtime.post(new Event.SyncStatus(false));
        runtime.post(new Event.SyncStatus(true));
        runDue();
        assertEquals(List.of(new Event.SyncStatus(true)), logic.seen.subList(before, logic.seen.size()));
    }

    @Test
    void aRestartHandsTheEnginesLastWordOnUnlessTheEngineEndedWithTheProcess() {
        Scripted logic = start();
        runDue();
        runtime.post(new Event.SyncStatus(true, false, Event.SyncStatus.For.SPARE, 1));
        runDue();
        runtime.stop(); // a failfast reboot: the engine runs on, its word stands
        runtime.start();
        runDue();
        assertEquals(new Event.SyncStatus(true, false, Event.SyncStatus.For.SPARE, 1), logic.seen.getLast());
        runtime.stop(); // power off, reset, a restart of the process: the engine goes too
        runtime.forgetSyncWord();
        runtime.start();
        runDue();
        assertInstanceOf(Event.Boot.class, logic.seen.getLast(), "no word until the new engine's first");
    }
}

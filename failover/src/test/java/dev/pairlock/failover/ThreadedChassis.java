package dev.pairlock.failover;

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
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Two SCs on real threads and the real clock: each runs the real {@link ControllerRuntime} on a
 * {@link ThreadScheduler} with {@link ThreadLanes} and {@link SystemClock}, over a small thread-safe
 * chassis (REF_SEL, phase lock = exactly one leader, shared board SPLLs, heartbeat edge counters, an
 * asynchronous in-memory peer link, reset lines in both directions that stop and restart the peer's
 * software). Every HAL call goes through {@link #check}, which records it and throws once when armed.
 * The chassis also judges physics: two leaders at once (S1) and an SPLL switch while unlocked (S2).
 */
final class ThreadedChassis implements AutoCloseable {
    /** Every HAL call a controller can make on this chassis. */
    enum HalCall {
        EDGE_COUNT, HEARTBEAT_LISTEN, BEAT, CARRIER, SEND, ON_FRAME, REF_SEL, SET_REF_SEL, PHASE_LOCKED,
        PEER_CLOCK_PRESENT, BOARD, PRESENCE, SPLL_STATUS, SPLL_SELECT, RESET_ASSERT, RESET_RELEASE, RESET_ASSERTED
    }

    /** What the armed call throws: an exception no layer of the runtime expects. */
    static final class InjectedFault extends IllegalStateException {
        InjectedFault(HalCall call, ScId sc) {
            super("injected fault in " + call + " on " + sc);
        }
    }

    record Fault(ScId sc, String context, Throwable error, RefSel refSelAfter) {
    }

    static final int SLOTS = 2;

    final CoreConfig[] configs = new CoreConfig[2];
    private final RefSel[] refSel = {RefSel.FOLLOWER, RefSel.FOLLOWER};
    private final ScId[] spllInput = {ScId.SC0, ScId.SC0};
    private final boolean[] heldInReset = new boolean[2];
    private final AtomicLong[] edgesSeenBy = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong[] lastBeat = {new AtomicLong(), new AtomicLong()};
    private final PeerLink.FrameReceiver[] receivers = new PeerLink.FrameReceiver[2];
    private final ExecutorService[] wires = new ExecutorService[2];
    final ThreadScheduler[] schedulers = new ThreadScheduler[2];
    final ThreadLanes[] lanes = new ThreadLanes[2];
    final ControllerRuntime[] runtimes = new ControllerRuntime[2];

    final Set<HalCall> seen = ConcurrentHashMap.newKeySet();
    private final AtomicReference<HalCall> armed = new AtomicReference<>();
    private final AtomicReference<ScId> firedOn = new AtomicReference<>();
    final AtomicInteger twoLeaders = new AtomicInteger();
    final AtomicInteger unlockedSwitches = new AtomicInteger();
    final List<Fault> faults = new CopyOnWriteArrayList<>();

    ThreadedChassis(long fdtNanos) {
        for (ScId sc : ScId.values()) {
            int i = sc.index();
            configs[i] = CoreConfig.defaults(sc, SLOTS).withFdt(fdtNanos);
            wires[i] = Executors.newSingleThreadExecutor(r -> daemon(r, "wire-to-" + sc));
            schedulers[i] = new ThreadScheduler("control-" + sc);
            lanes[i] = new ThreadLanes(schedulers[i], SLOTS);
            runtimes[i] = new ControllerRuntime(hardware(sc), configs[i], schedulers[i], lanes[i], new ControllerRuntime.Listener() {
                @Override
                public void onFault(ScId who, String context, Throwable error, long restartInNanos, long nowNanos) {
                    faults.add(new Fault(who, context, error, refSel(who)));
                }
            });
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void startBoth() {
        for (ScId sc : ScId.values()) {
            onControlThread(sc, rt -> {
                rt.start();
                rt.deliver(new Event.SyncStatus(true)); // so that a forced switchover may act
                return null;
            });
        }
    }

    /** Runs {@code f} on {@code sc}'s control thread, where the runtime may be touched, and waits. */
    <T> T onControlThread(ScId sc, Function<ControllerRuntime, T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        schedulers[sc.index()].schedule(0, () -> {
            try {
                r.complete(f.apply(runtimes[sc.index()]));
            } catch (Throwable t) {
                r.completeExceptionally(t);
            }
        });
        try {
            return r.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the control thread of " + sc + " did not answer", e);
        }
    }

    Role role(ScId sc) {
        return onControlThread(sc, ControllerRuntime::role);
    }

    long faultsOf(ScId sc) {
        return onControlThread(sc, ControllerRuntime::faults);
    }

    /**
     * Exactly one MAIN, the other SPARE in the MAIN's epoch, and both control loops alive (each beat
     * within the last FDT): a loop that died keeps reporting its last role, so the role alone proves
     * nothing.
     */
    boolean settled() {
        long now = SystemClock.INSTANCE.nanos();
        for (AtomicLong beat : lastBeat) {
            if (now - beat.get() > configs[0].fdtNanos()) {
                return false;
            }
        }
        Role r0 = role(ScId.SC0);
        Role r1 = role(ScId.SC1);
        long e0 = onControlThread(ScId.SC0, ControllerRuntime::epoch);
        long e1 = onControlThread(ScId.SC1, ControllerRuntime::epoch);
        return (r0 == Role.MAIN && r1 == Role.SPARE || r0 == Role.SPARE && r1 == Role.MAIN) && e0 == e1;
    }

    Optional<ScId> main() {
        for (ScId sc : ScId.values()) {
            if (role(sc) == Role.MAIN) {
                return Optional.of(sc);
            }
        }
        return Optional.empty();
    }

    /** The software of {@code sc} stops (a hung process killed); its hardware stays as it was. */
    void crash(ScId sc) {
        onControlThread(sc, rt -> {
            rt.stop();
            return null;
        });
    }

    void arm(HalCall call) {
        armed.set(call);
    }

    /** The SC on which the armed call threw, or null. */
    ScId firedOn() {
        return firedOn.get();
    }

    synchronized boolean heldInReset(ScId sc) {
        return heldInReset[sc.index()];
    }

    synchronized RefSel refSel(ScId sc) {
        return refSel[sc.index()];
    }

    void check(ScId sc, HalCall call) {
        seen.add(call);
        if (armed.get() == call && armed.compareAndSet(call, null)) {
            firedOn.set(sc);
            throw new InjectedFault(call, sc);
        }
    }

    private synchronized boolean locked() {
        return refSel[0] != refSel[1];
    }

    private ControllerHardware hardware(ScId sc) {
        int i = sc.index();
        int p = sc.peer().index();
        Gchip gchip = new Gchip() {
            @Override
            public RefSel refSel() {
                check(sc, HalCall.REF_SEL);
                return ThreadedChassis.this.refSel(sc);
            }

            @Override
            public void setRefSel(RefSel mode) {
                check(sc, HalCall.SET_REF_SEL);
                synchronized (ThreadedChassis.this) {
                    if (heldInReset[i]) {
                        return; // a write racing the reset: the chip is held at its reset value
                    }
                    refSel[i] = mode;
                    if (refSel[0] == RefSel.LEADER && refSel[1] == RefSel.LEADER) {
                        twoLeaders.incrementAndGet();
                    }
                }
            }

            @Override
            public boolean phaseLocked() {
                check(sc, HalCall.PHASE_LOCKED);
                return locked();
            }

            @Override
            public boolean peerClockPresent() {
                check(sc, HalCall.PEER_CLOCK_PRESENT);
                return true;
            }
        };
        BoardBay boards = new BoardBay() {
            @Override
            public int slotCount() {
                return SLOTS;
            }

            @Override
            public Board board(int slot) {
                check(sc, HalCall.BOARD);
                checkSlot(slot);
                return boardOf(sc, slot);
            }
        };
        HeartbeatInput in = new HeartbeatInput() {
            @Override
            public long edgeCount() {
                check(sc, HalCall.EDGE_COUNT);
                return edgesSeenBy[i].get();
            }

            @Override
            public AutoCloseable listen(HeartbeatListener listener) {
                check(sc, HalCall.HEARTBEAT_LISTEN);
                return () -> { };
            }
        };
        HeartbeatOutput out = () -> {
            check(sc, HalCall.BEAT);
            lastBeat[i].set(SystemClock.INSTANCE.nanos());
            if (!heldInReset(sc)) {
                edgesSeenBy[p].incrementAndGet();
            }
        };
        PeerLink link = new PeerLink() {
            @Override
            public void send(byte[] frame) {
                check(sc, HalCall.SEND);
                byte[] copy = frame.clone();
                if (wires[p].isShutdown()) {
                    return;
                }
                wires[p].execute(() -> {
                    PeerLink.FrameReceiver r;
                    synchronized (ThreadedChassis.this) {
                        r = heldInReset[i] || heldInReset[p] ? null : receivers[p];
                    }
                    if (r != null) {
                        r.onFrame(copy);
                    }
                });
            }

            @Override
            public boolean carrier() {
                check(sc, HalCall.CARRIER);
                return true;
            }

            @Override
            public void onFrame(FrameReceiver receiver) {
                check(sc, HalCall.ON_FRAME);
                synchronized (ThreadedChassis.this) {
                    receivers[i] = receiver;
                }
            }
        };
        ResetLine reset = new ResetLine() {
            @Override
            public void assertReset() {
                check(sc, HalCall.RESET_ASSERT);
                synchronized (ThreadedChassis.this) {
                    if (heldInReset[p]) {
                        return;
                    }
                    heldInReset[p] = true;
                    refSel[p] = RefSel.FOLLOWER;
                }
                schedulers[p].schedule(0, runtimes[p]::stop);
            }

            @Override
            public void release() {
                check(sc, HalCall.RESET_RELEASE);
                synchronized (ThreadedChassis.this) {
                    if (!heldInReset[p]) {
                        return;
                    }
                    heldInReset[p] = false;
                }
                schedulers[p].schedule(0, runtimes[p]::start);
            }

            @Override
            public boolean asserted() {
                check(sc, HalCall.RESET_ASSERTED);
                return heldInReset(sc.peer());
            }
        };
        I2cBuses buses = new I2cBuses() {
            @Override
            public List<Integer> numbers() {
                return List.of(0, 1);
            }

            @Override
            public I2cBus bus(int number) {
                throw new UnsupportedOperationException("the boards are modelled at register level above the bus here");
            }

            @Override
            public void close() {
            }
        };
        return new ControllerHardware(sc, buses, boards, gchip, out, in, Optional.of(reset), link,
                SystemClock.INSTANCE, schedulers[i]);
    }

    private Board boardOf(ScId sc, int slot) {
        Spll spll = new Spll() {
            @Override
            public SpllStatus status() {
                check(sc, HalCall.SPLL_STATUS);
                synchronized (ThreadedChassis.this) {
                    return new SpllStatus(spllInput[slot], true, true);
                }
            }

            @Override
            public void select(ScId input) {
                check(sc, HalCall.SPLL_SELECT);
                synchronized (ThreadedChassis.this) {
                    if (spllInput[slot] != input && refSel[0] == refSel[1]) {
                        unlockedSwitches.incrementAndGet();
                    }
                    spllInput[slot] = input;
                }
            }
        };
        return new Board() {
            @Override
            public int slot() {
                return slot;
            }

            @Override
            public Presence presence() {
                check(sc, HalCall.PRESENCE);
                return Presence.of(0x40 + slot);
            }

            @Override
            public Spll spll() {
                return spll;
            }
        };
    }

    @Override
    public void close() {
        for (int i = 0; i < 2; i++) {
            wires[i].shutdownNow();
        }
        for (int i = 0; i < 2; i++) {
            schedulers[i].close();
            lanes[i].close();
        }
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.mock.TraceEvent.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated chassis: two SCs and N boards on one {@link VirtualTime}, driven by one seeded
 * random source, so the same config and the same calls give the same trace, byte for byte.
 *
 * <p>Each SC's raw parts — I2C buses, Gchip registers, heartbeat lines, reset line, peer link, GPIO
 * chip — are what platform's {@code SimBackend} assembles a controller's hardware view from, with
 * the same board and Gchip code as on real hardware. Calls on them happen at the current virtual
 * instant and cost no real time; the virtual time they would take is added to that SC's busy
 * account ({@link #drainBusyNanos}). Clock physics, heartbeat edges, frames and fault ends are events on
 * the virtual time. Ground truth is read through {@link #physics()} and {@link #trace()}.
 */
public final class Chassis {
    static final int HELD_BY_PEER = 1;
    static final int HELD_BY_FAULT = 2;

    private final ChassisConfig config;
    private final VirtualTime time;
    private final SplittableRandom random;
    private final Trace trace;
    private final PhaseLock phaseLock;
    private final BoardModel[] boards;
    private final SimController[] controllers = new SimController[2];
    private final boolean[] powered = {true, true};
    private final RefSel[] refSel = {RefSel.FOLLOWER, RefSel.FOLLOWER};
    private final int[] resetHolds = new int[2];
    private final long[] stalledUntil = new long[2];
    private final long[] busy = new long[2];
    private final List<TraceEvent> violations = new ArrayList<>();
    private final List<TraceEvent> physicalLosses = new ArrayList<>();
    private final List<ControllerLifecycleListener> listeners = new ArrayList<>();
    /** An array, not a list: it is walked for every frame delivered. */
    private FrameObserver[] frameObservers = new FrameObserver[0];
    /** The same for every frame sent. */
    private SentFrameObserver[] sentFrameObservers = new SentFrameObserver[0];
    private final Physics physics = new Physics(this);
    private final FaultInjection faults = new FaultInjection(this);
    long linkSent;
    long linkDelivered;
    long linkDropped;

    public Chassis(ChassisConfig config, VirtualTime time) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.random = new SplittableRandom(config.seed());
        this.trace = config.traceCapacity() == 0 ? Trace.keepAll() : Trace.ring(config.traceCapacity());
        this.phaseLock = new PhaseLock(this);
        this.boards = new BoardModel[config.slots()];
        boolean running = config.initialState() == InitialState.RUNNING_SC0_LEADS;
        if (running) {
            refSel[0] = RefSel.LEADER;
        }
        for (int s = 0; s < boards.length; s++) {
            BoardModel b = new BoardModel(this, s, config.boardId(s), config.boardPresentAtStart(s));
            b.spllLocked = b.present;
            b.running = b.present && running;
            boards[s] = b;
        }
        controllers[0] = new SimController(this, ScId.SC0);
        controllers[1] = new SimController(this, ScId.SC1);
        phaseLock.start(running);
    }

    /** A chassis on a fresh virtual time starting at 0. */
    public Chassis(ChassisConfig config) {
        this(config, new VirtualTime());
    }

    SimController controller0(ScId sc) {
        return controllers[Objects.requireNonNull(sc, "sc").index()];
    }

    // ---- raw parts: what a controller's hardware view is assembled from (platform's SimBackend) ----

    /** SC {@code sc}'s I2C adapters: bus k reaches the board register device of slot k. */
    public I2cBuses i2cBuses(ScId sc) {
        return controller0(sc).busSet;
    }

    /** SC {@code sc}'s Gchip registers, laid out as {@link ChassisConfig#gchipLayout()} says. */
    public RegisterWindow gchipRegisters(ScId sc) {
        return controller0(sc).registers;
    }

    /** SC {@code sc}'s SBBC heartbeat output: each beat is an edge on the peer's input. */
    public HeartbeatOutput heartbeatOut(ScId sc) {
        return controller0(sc).heartbeatOut;
    }

    /** The peer's heartbeat as SC {@code sc} latches it. */
    public HeartbeatInput heartbeatIn(ScId sc) {
        return controller0(sc).heartbeatIn;
    }

    /** The reset line SC {@code from} drives into its peer; empty if the chassis does not wire one that way. */
    public Optional<ResetLine> resetLine(ScId from) {
        return controller0(from).resetLine;
    }

    /** SC {@code sc}'s end of the peer link. */
    public PeerLink peerLink(ScId sc) {
        return controller0(sc).link;
    }

    /** SC {@code sc}'s simulated GPIO chip: lines hb-out (0), hb-in (1), peer-reset (2). */
    public dev.pairlock.hal.gpio.GpioChip gpioChip(ScId sc) {
        return controller0(sc).gpio;
    }

    /**
     * {@code observer} is told of every frame the peer link delivers, in either direction, as it is
     * delivered. It only watches: nothing it does is recorded, drawn or scheduled, so a run with
     * observers is the same run as without (the same trace, the same hash).
     */
    public void observeFrames(FrameObserver observer) {
        Objects.requireNonNull(observer, "observer");
        FrameObserver[] o = Arrays.copyOf(frameObservers, frameObservers.length + 1);
        o[frameObservers.length] = observer;
        frameObservers = o;
    }

    /**
     * {@code observer} is told of every frame either SC sends on the peer link, as it is sent and
     * whether or not the link carries it. It only watches, as {@link #observeFrames} does.
     */
    public void observeSentFrames(SentFrameObserver observer) {
        Objects.requireNonNull(observer, "observer");
        SentFrameObserver[] o = Arrays.copyOf(sentFrameObservers, sentFrameObservers.length + 1);
        o[sentFrameObservers.length] = observer;
        sentFrameObservers = o;
    }

    /** {@code from} sends {@code frame} (SimController's link), before the link decides whether it carries it. */
    void frameSent(ScId from, byte[] frame) {
        linkSent++;
        for (SentFrameObserver o : sentFrameObservers) {
            o.sent(from, frame);
        }
    }

    /** The link delivers {@code frame} from {@code from} to its peer (SimController's link). */
    void frameDelivered(ScId from, byte[] frame) {
        linkDelivered++;
        for (FrameObserver o : frameObservers) {
            o.delivered(from, from.peer(), frame);
        }
    }

    public ChassisConfig config() {
        return config;
    }

    public VirtualTime time() {
        return time;
    }

    public Trace trace() {
        return trace;
    }

    public Physics physics() {
        return physics;
    }

    /** The chassis' only random source; the harness may draw from it to keep a run a function of one seed. */
    public SplittableRandom random() {
        return random;
    }

    // ---- busy account -------------------------------------------------------------------

    void charge(ScId sc, long nanos) {
        busy[sc.index()] += nanos;
    }

    /** Virtual time SC {@code sc}'s HAL calls took since the last drain; resets the account. */
    public long drainBusyNanos(ScId sc) {
        int i = sc.index();
        long b = busy[i];
        busy[i] = 0;
        return b;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    public void addLifecycleListener(ControllerLifecycleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public boolean powered(ScId sc) {
        return powered[sc.index()];
    }

    public boolean heldInReset(ScId sc) {
        return resetHolds[sc.index()] != 0;
    }

    /** Powered and not held in reset: its software may run (it may still be stalled). */
    public boolean running(ScId sc) {
        return powered[sc.index()] && resetHolds[sc.index()] == 0;
    }

    /** Virtual time until which {@code sc}'s software is stalled; 0 or a past time when not stalled. */
    public long stalledUntil(ScId sc) {
        return stalledUntil[sc.index()];
    }

    public boolean stalled(ScId sc) {
        return stalledUntil[sc.index()] > time.now();
    }

    RefSel refSel(ScId sc) {
        return powered[sc.index()] ? refSel[sc.index()] : RefSel.FOLLOWER;
    }

    boolean phaseLocked() {
        return phaseLock.locked();
    }

    void writeRefSel(ScId sc, RefSel value) {
        if (!running(sc)) {
            return;
        }
        RefSel old = refSel[sc.index()];
        refSel[sc.index()] = value;
        trace.record(time.now(), Kind.REF_SEL_WRITE, sc, -1, old.bit(), value.bit());
        phaseLock.reevaluate();
    }

    /** Hardware puts REF_SEL back to its reset value; recorded only when it changes. */
    private void resetRefSel(ScId sc) {
        RefSel old = refSel[sc.index()];
        refSel[sc.index()] = RefSel.FOLLOWER;
        if (old != RefSel.FOLLOWER) {
            trace.record(time.now(), Kind.REF_SEL_WRITE, sc, -1, old.bit(), 0);
        }
    }

    /**
     * Holds {@code sc} in reset for {@code source}; {@code by} is the SC whose line asserts it (-1: a
     * fault). A peer's assertion is recorded even when {@code sc} is already held (by a fault): it
     * changes nothing now, but keeps {@code sc} held once that hold ends, and the checker judges
     * every such write (S3) and every claimant's fence (S5) at the instant it is made.
     */
    void holdInReset(ScId sc, int source, int by) {
        int i = sc.index();
        boolean wasRunning = running(sc);
        boolean wasHeld = resetHolds[i] != 0;
        boolean newSource = (resetHolds[i] & source) == 0;
        resetHolds[i] |= source;
        if (wasHeld && newSource && by >= 0) {
            trace.record(time.now(), Kind.RESET_ASSERT, sc, -1, by, 0);
        }
        if (!wasHeld) {
            trace.record(time.now(), Kind.RESET_ASSERT, sc, -1, by, 0);
            if (powered[i]) {
                resetRefSel(sc);
                phaseLock.reevaluate();
            }
            controllers[i].dropResetLine();
            stalledUntil[i] = 0;
            if (wasRunning) {
                for (ControllerLifecycleListener l : listeners) {
                    l.onHeldInReset(sc);
                }
            }
        }
    }

    void releaseReset(ScId sc, int source) {
        int i = sc.index();
        if ((resetHolds[i] & source) == 0) {
            return;
        }
        resetHolds[i] &= ~source;
        if (resetHolds[i] == 0) {
            trace.record(time.now(), Kind.RESET_RELEASE, sc, -1, 0, 0);
            if (powered[i]) {
                boot(sc);
            }
        }
    }

    private void boot(ScId sc) {
        for (ControllerLifecycleListener l : listeners) {
            l.onBoot(sc);
        }
    }

    void powerOff(ScId sc) {
        int i = sc.index();
        if (!powered[i]) {
            return;
        }
        powered[i] = false;
        refSel[i] = RefSel.FOLLOWER;
        stalledUntil[i] = 0;
        trace.record(time.now(), Kind.POWER_OFF, sc, -1, 0, 0);
        controllers[i].dropResetLine();
        phaseLock.reevaluate();
        for (BoardModel b : boards) {
            b.clockLost(sc);
        }
        for (ControllerLifecycleListener l : listeners) {
            l.onPowerOff(sc);
        }
    }

    void powerOn(ScId sc) {
        int i = sc.index();
        if (powered[i]) {
            return;
        }
        powered[i] = true;
        refSel[i] = RefSel.FOLLOWER;
        trace.record(time.now(), Kind.POWER_ON, sc, -1, 0, 0);
        phaseLock.reevaluate();
        for (BoardModel b : boards) {
            b.clockRestored(sc);
        }
        if (resetHolds[i] == 0) {
            boot(sc);
        } else {
            for (ControllerLifecycleListener l : listeners) {
                l.onHeldInReset(sc);
            }
        }
    }

    /**
     * Freezes {@code sc}'s software (a GC pause, a hung thread) until {@code nanos} from now, or
     * longer if a stall already runs past that. An SC that is off or in reset has no software to stall.
     */
    void stall(ScId sc, long nanos) {
        if (!running(sc)) {
            return;
        }
        int i = sc.index();
        long now = time.now();
        long until = Math.max(stalledUntil[i], now + nanos);
        stalledUntil[i] = until;
        trace.record(now, Kind.STALL, sc, -1, until - now, until);
        for (ControllerLifecycleListener l : listeners) {
            l.onStall(sc, until);
        }
    }

    // ---- ground truth -----------------------------------------------------------------------

    BoardModel boardModel(int slot) {
        return boards[slot];
    }

    void recordViolation(TraceEvent e) {
        violations.add(e);
        trace.record(e);
    }

    void recordPhysicalLoss(TraceEvent e) {
        physicalLosses.add(e);
        trace.record(e);
    }

    List<TraceEvent> violations() {
        return Collections.unmodifiableList(violations);
    }

    List<TraceEvent> physicalLosses() {
        return Collections.unmodifiableList(physicalLosses);
    }

    /** Frames offered to either peer link, delivered, and dropped (by faults, partitions or a stopped receiver). */
    public long[] linkCounters() {
        return new long[] {linkSent, linkDelivered, linkDropped};
    }

    // ---- faults -------------------------------------------------------------------------------

    /** Injects {@code fault} at {@code atNanos} (not in the past). */
    public void schedule(Fault fault, long atNanos) {
        faults.schedule(fault, atNanos);
    }

    /** Injects {@code fault} now and records it in the trace. */
    public void inject(Fault fault) {
        faults.inject(fault);
    }
}

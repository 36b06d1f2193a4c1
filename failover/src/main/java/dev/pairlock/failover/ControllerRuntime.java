package dev.pairlock.failover;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler;
import java.util.ArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The imperative shell around a {@link ControllerLogic}: executes its commands against one SC's
 * {@link ControllerHardware}, feeds results back as events, drives the tick. Every task it schedules
 * carries the incarnation it was made in, so a stopped, halted or rebooted controller never acts on
 * an old incarnation's timer or completion.
 *
 * <p>S3 is enforced here, not trusted to the core: LEADER, SPLL selects and reset assertion re-check
 * the authority against the clock in the same step that writes, and a lapsed authority turns the
 * write into {@link Event.AuthorityLapsed} (the core then halts).
 *
 * <p>The runtime fails safe. Any unexpected exception — from a HAL call on the scheduler's thread or
 * on a lane, from the core, from a listener — is logged with its context (what was being done, role,
 * epoch), counted ({@link #faults()}), and the controller gives up authority exactly as failfast
 * does: no more writes from this incarnation, FOLLOWER written (the one write that is always safe),
 * MAIN dropped, and the software restarted as UNKNOWN after a back-off that doubles with each
 * consecutive fault (3 FDT, 6 FDT, … at most 48 FDT; reset once a role is reached again). A silent
 * restart is what the peer sees as a dead MAIN, so the pair ends with exactly one MAIN again. Never a
 * control loop that died in silence.
 *
 * <p>What it runs is split into package-private nouns with one job each, which read this class's
 * package-private fields (theirs alone) as its own code would: {@link LoopTick} (the periodic tick
 * of one incarnation), {@link PeerInbox} (peer frames, from the link to the core), {@link LaneTask}
 * (one lane operation and its completion), {@link FailSafe} (giving up authority: the fail-safe path,
 * the failfast halt, the fence a start finds left behind), {@link LaneOps} (the HAL side of each
 * lane command) and {@link LoopLateness} (stale frames and late ticks).
 */
public final class ControllerRuntime {
    /** What the runtime reports to whoever watches it (the simulator's checker and timeline, a log). */
    public interface Listener {
        default void onRoleChange(ScId sc, Role role, long epoch, long nowNanos) {
        }

        default void onHealth(ScId sc, HealthEvent event) {
        }

        default void onHalt(ScId sc, long nowNanos) {
        }

        /** The software (re)started: a new incarnation, role UNKNOWN (boot, restart, reboot after a halt). */
        default void onStart(ScId sc, long nowNanos) {
        }

        /**
         * An unexpected exception: the runtime gave up authority and restarts in {@code restartInNanos}.
         * {@code context} says what it was doing (a command, an event, "tick").
         */
        default void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
        }

        /** {@link ControllerRuntime#stateVersion()} moved: a watcher marks itself to read the state again (the simulator's checker). */
        default void onStateChange(ScId sc) {
        }

        /**
         * The state version moved for a renewal only: a MAIN's lease in force before the step and after
         * it, nothing else changed — authority neither began nor ended (the checker moves only its
         * recheck time; about one event in ten). By default a state change.
         */
        default void onLeaseRenewed(ScId sc) {
            onStateChange(sc);
        }
    }

    final ControllerHardware hw;
    final CoreConfig cfg;
    final Scheduler scheduler;
    private final Lanes lanes;
    private final Function<CoreConfig, ControllerLogic> protocol;
    final Listener listener;
    private final StateStore store;
    /** The HAL side of every lane command (no state but {@link #hw}). */
    private final LaneOps ops;
    /** The peer's frames, from the link to the core. */
    private final PeerInbox inbox;
    /**
     * The commands of the step at each nesting depth: executing a command may deliver an event
     * synchronously (a listener, a lane that completes at once), whose step must not overwrite the
     * list still being executed. One list per depth, reused, so a step allocates nothing for them.
     */
    private ArrayList<?>[] outByDepth = {new ArrayList<Command>()};
    private int stepDepth;

    ControllerLogic core;
    /** Read on lane threads too: an old incarnation's operation must see that it is old. */
    volatile int incarnation;
    private boolean running;
    /** Faults, their back-off, and giving up authority (kept across restarts, like {@link #ticks}). */
    final FailSafe failSafe;
    /**
     * Ticks run, over all incarnations: a supervisor reads it to see that the control loop makes
     * progress. Written by {@link LoopTick} on the loop thread only ({@link #countTick}), read from
     * any ({@link #ticks()}), both with opaque access: a progress counter needs atomic, eventually
     * visible values and no ordering, and a volatile store on every tick cost a full fence.
     */
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
    /** Stale frames and late ticks, over all incarnations (kept across restarts, like {@link #ticks}). */
    final LoopLateness lateness;
    private volatile long authorityUntil = Long.MIN_VALUE;
    private volatile boolean claimant;
    /**
     * Grows whenever what {@link #running()}, {@link #role()}, {@link #epoch()}, {@link #leaseExpiry()}
     * or {@link #failoverEnabled()} report may have changed: a start, a stop, a step that changed one
     * of them; each move is pushed ({@link Listener#onStateChange}), so a watcher (the simulator's
     * checker) reads them again only when told. The epoch and the failover setting the last step left, to see that.
     */
    private long stateVersion;
    private long stepEpoch;
    private boolean stepEnabled;
    /** The sync engine's latest word, set as it is posted (from any thread). */
    private volatile Event.SyncStatus lastSync;
    /** The sync word the current core last got; a newer {@link #lastSync} goes ahead of any other event. */
    private Event.SyncStatus syncDelivered;

    /**
     * @param scheduler        the scheduler this SC's software runs on (the simulator passes one that
     *                         defers tasks while the SC is stalled)
     * @param rebootDelayNanos after a failfast halt, restart the software this much later (0 = never)
     * @param store            where the SC keeps its epoch and failover setting across restarts
     */
    public ControllerRuntime(ControllerHardware hw, CoreConfig cfg, Scheduler scheduler, Lanes lanes,
                             Function<CoreConfig, ControllerLogic> protocol, Listener listener, long rebootDelayNanos,
                             StateStore store) {
        this.hw = hw;
        this.cfg = cfg;
        this.scheduler = scheduler;
        this.lanes = lanes;
        this.protocol = protocol;
        this.listener = listener;
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.lateness = new LoopLateness(cfg);
        this.ops = new LaneOps(hw);
        this.inbox = new PeerInbox(this);
        this.failSafe = new FailSafe(this, hw, cfg, scheduler, lanes, listener, rebootDelayNanos);
    }

    /** With its own {@link InMemoryStateStore} (kept across this runtime's restarts). */
    public ControllerRuntime(ControllerHardware hw, CoreConfig cfg, Scheduler scheduler, Lanes lanes,
                             Function<CoreConfig, ControllerLogic> protocol, Listener listener, long rebootDelayNanos) {
        this(hw, cfg, scheduler, lanes, protocol, listener, rebootDelayNanos, StateStore.inMemory());
    }

    public ControllerRuntime(ControllerHardware hw, CoreConfig cfg, Scheduler scheduler, Lanes lanes, Listener listener) {
        this(hw, cfg, scheduler, lanes, ControllerCore::new, listener, 3 * cfg.fdtNanos());
    }

    /** Boots the software (power on, reset released, or a restart). */
    public void start() {
        incarnation++;
        int inc = incarnation;
        // all of it guarded: a start that throws (the protocol's factory, a listener) fails safe and
        // is tried again after the back-off, never a software marked running with no tick of its own
        failSafe.guarded(inc, "start", () -> {
            core = protocol.apply(cfg);
            running = true; // only once there is a core: one that failed to be made holds no role
            stateMoved(false);
            stepEpoch = Long.MIN_VALUE; // the new core's first step counts as a change, whatever it reports
            syncDelivered = null;
            listener.onStart(cfg.self(), now());
            // a new incarnation holds nobody in reset: a restart (not a power cycle) leaves our reset
            // output as the old one set it, and the new core would never release a fence it does not know
            failSafe.releaseStrayFence(inc);
            inbox.listen(inc);
            deliver(new Event.Boot(hw.gchip().refSel(), store.load()));
            if (lastSync != null) {
                // the sync engine's last word outlives a restart of ours (failfast reboot included)
                deliver(lastSync);
            }
        });
        new LoopTick(this, inc).arm();
    }

    /** The software stops (power off, held in reset): nothing of this incarnation runs any more. */
    public void stop() {
        // always a new incarnation: a halted SC's pending reboot must die with it too
        running = false;
        incarnation++;
        authorityUntil = Long.MIN_VALUE;
        claimant = false;
        stateMoved(false);
    }

    /**
     * The sync engine whose last word {@link #start} hands on ended with the SC's process (the
     * simulator's power-off, reset, software restart; pairlockd's runtime ends with it): the next
     * incarnation waits for the new engine's first word (CoreConfig.syncEngine). A failfast reboot keeps it.
     */
    public void forgetSyncWord() {
        lastSync = null;
    }

    /** Delivers an outside event (operator, sync engine) on this SC's scheduler, like everything else. */
    public void post(Event event) {
        if (event instanceof Event.SyncStatus sync) {
            lastSync = sync; // kept even if this incarnation dies before the task runs
        }
        int inc = incarnation;
        scheduler.schedule(0, () -> {
            if (inc == incarnation) {
                // a sync word is a level, not an edge: deliver the latest (a later one may have come meanwhile)
                deliver(event instanceof Event.SyncStatus ? lastSync : event);
            }
        });
    }

    /** Hands one event to the core and executes what it asks for; an unexpected exception fails safe. */
    public void deliver(Event event) {
        int inc = incarnation;
        try { // guarded, inline: every event goes through here, so no closure per event
            deliverUnguarded(event);
        } catch (Throwable t) {
            failSafe.fault(inc, event, t);
        }
    }

    private void deliverUnguarded(Event event) {
        if (event instanceof Event.SyncStatus sync) {
            lastSync = sync;
        }
        if (!running) {
            return;
        }
        Event.SyncStatus latest = lastSync;
        if (latest != null && latest != syncDelivered && !(event instanceof Event.Boot)) {
            // S5: the sync engine spoke while this event waited in our queue (we were paused, GC or a
            // hung thread): a switchover or takeover decided on the older word would act on stale sync
            step(latest);
            if (!running || event == latest) {
                return;
            }
        } else if (event instanceof Event.SyncStatus && event == syncDelivered) {
            return; // already delivered ahead of an earlier event
        }
        step(event);
    }

    /** One event into the core, and its commands out. */
    private void step(Event event) {
        if (event instanceof Event.SyncStatus sync) {
            syncDelivered = sync;
        }
        Role before = core.role();
        if (stepDepth == outByDepth.length) {
            outByDepth = java.util.Arrays.copyOf(outByDepth, stepDepth + 1);
            outByDepth[stepDepth] = new ArrayList<Command>();
        }
        @SuppressWarnings("unchecked")
        ArrayList<Command> out = (ArrayList<Command>) outByDepth[stepDepth];
        out.clear();
        long now = now();
        core.handle(event, now, out);
        Role after = core.role();
        long until = after == Role.MAIN ? core.leaseExpiry() : Long.MIN_VALUE;
        long epoch = core.epoch();
        boolean enabled = core.failoverEnabled();
        if (after != before || epoch != stepEpoch || enabled != stepEnabled) {
            stateMoved(false);
            stepEpoch = epoch;
            stepEnabled = enabled;
        } else if (until != authorityUntil) {
            // a MAIN still MAIN: authority held before and after (both leases in force) is a renewal
            stateMoved(after == Role.MAIN && authorityUntil > now && until > now);
        }
        // volatile (lane threads read them): written only when they change, most steps change neither
        if (until != authorityUntil) {
            authorityUntil = until;
        }
        if ((after == Role.BECOMING_MAIN) != claimant) {
            claimant = after == Role.BECOMING_MAIN;
        }
        // this step's commands are ours from here on: anything that steps the core again before
        // they are executed (a role listener that delivers an event at once, a command's own
        // completion) takes the next depth's list, never this one
        stepDepth++;
        try {
            if (core.role() != before) {
                if (core.role() == Role.SPARE || core.role() == Role.MAIN) {
                    failSafe.settled(); // settled again: the next fault starts the back-off afresh
                }
                listener.onRoleChange(cfg.self(), core.role(), core.epoch(), now());
            }
            for (int k = 0, n = out.size(); k < n; k++) {
                if (!running) {
                    return;
                }
                execute(out.get(k));
            }
        } finally {
            stepDepth--;
        }
    }

    long now() {
        return hw.clock().nanos();
    }

    private boolean authorised() {
        return running && now() < authorityUntil;
    }

    private void execute(Command c) {
        int inc = incarnation;
        switch (c) {
            case Command.Beat b -> hw.heartbeatOut().beat();
            case Command.Send s -> hw.peerLink().send(PeerCodec.encode(s.message()));
            case Command.Log l -> listener.onHealth(cfg.self(), l.event());
            case Command.Persist p -> store.save(p.state());
            case Command.WakeAfter w -> scheduler.schedule(w.delayNanos(), () -> {
                if (inc == incarnation) {
                    deliver(new Event.Wake());
                }
            });
            // S3: authority is checked on the lane, in the operation that writes, not when the command was queued
            case Command.WriteRefSel w -> onLane(Lanes.LOCAL, inc, c,
                    () -> w.mainOnly() && !authorised() ? new Event.AuthorityLapsed() : ops.writeRefSel(w.mode()));
            case Command.ReadPhaseLock r -> onLane(Lanes.LOCAL, inc, c, ops::readPhaseLock);
            case Command.ReadPresence r -> onLane(r.slot(), inc, c, () -> ops.readPresence(r.slot()));
            case Command.SwitchSpllIfLocked s -> onLane(s.slot(), inc, c,
                    () -> authorised() ? ops.switchIfLocked(s.slot(), s.to()) : new Event.AuthorityLapsed());
            case Command.AssertReset a -> onLane(Lanes.LOCAL, inc, c,
                    () -> !running || !(claimant || authorised()) ? new Event.AuthorityLapsed() : ops.assertReset());
            case Command.ReleaseReset r -> onLane(Lanes.LOCAL, inc, c, ops::releaseReset);
            case Command.Halt h -> failSafe.halt();
        }
    }

    void onLane(int lane, int inc, Command context, Supplier<Event> op) {
        LaneTask task = new LaneTask(this, inc, context, op);
        lanes.submit(lane, task, task);
    }

    public ScId self() {
        return cfg.self();
    }

    /**
     * A number that changes whenever {@link #running()}, {@link #role()}, {@link #epoch()},
     * {@link #leaseExpiry()} or {@link #failoverEnabled()} may report something new (it may also
     * change when they do not). Read on the control loop's thread.
     */
    public long stateVersion() {
        return stateVersion;
    }

    /** Pushed as well as counted: a watcher need not poll {@link #stateVersion()} after every event. */
    private void stateMoved(boolean renewalOnly) {
        stateVersion++;
        if (renewalOnly) {
            listener.onLeaseRenewed(cfg.self());
        } else {
            listener.onStateChange(cfg.self());
        }
    }

    /**
     * Ticks the control loop has run since this runtime was made. It grows while the loop makes
     * progress; a watchdog pets only while it does (readable from any thread).
     */
    public long ticks() {
        return ticks.getOpaque();
    }

    /** One more tick ran (loop thread only: the read and the write are not one atomic step). */
    void countTick() {
        ticks.setOpaque(ticks.getOpaque() + 1);
    }

    /** Peer frames dropped as stale (they waited more than a tick for the loop) since this runtime was built. */
    public long staleFramesDropped() {
        return lateness.staleFramesTotal();
    }

    /** Ticks that ran more than half a MAIN lease late since this runtime was built. */
    public long lateTicks() {
        return lateness.lateTicks();
    }

    /** Unexpected exceptions since this runtime was made (each one made it give up authority). */
    public long faults() {
        return failSafe.faults();
    }

    public boolean running() {
        return running;
    }

    /** The role of the running software; a stopped SC reports UNKNOWN. */
    public Role role() {
        return running ? core.role() : Role.UNKNOWN;
    }

    public long epoch() {
        return core == null ? 0 : core.epoch();
    }

    /** MAIN authority: until when this SC may make MAIN-only writes (MIN_VALUE = none). */
    public long leaseExpiry() {
        return running && core.role() == Role.MAIN ? core.leaseExpiry() : Long.MIN_VALUE;
    }

    /** Automatic failover as the running software holds it (false while stopped). */
    public boolean failoverEnabled() {
        return running && core.failoverEnabled();
    }

    public ControllerLogic logic() {
        return core;
    }

    /**
     * The core's status; while the software is stopped (held in reset, powered off, backing off after
     * a fault) its role is UNKNOWN, as {@link #role()} says: the stopped core still holds the role it
     * had, and an operator reading MAIN there would be told an authority nobody exercises.
     */
    public FailoverStatus status() {
        if (core == null) {
            return null;
        }
        FailoverStatus st = core.status();
        return running || st == null || st.role() == Role.UNKNOWN ? st : st.withRole(Role.UNKNOWN);
    }
}

package dev.pairlock.failover;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.peer.ResetLine;
import dev.pairlock.hal.time.Scheduler;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * How {@link ControllerRuntime} gives up authority: the fail-safe path after an unexpected
 * exception ({@link #fault}) and the failfast halt the core asks for ({@link #halt}). Both end the
 * incarnation (no more writes from it), write FOLLOWER (the one write that is always safe) and
 * start the software again later as UNKNOWN: after a fault, once a back-off that doubles with each
 * consecutive fault has passed (3 FDT, 6 FDT, … at most 48 FDT; {@link #settled()} starts it
 * afresh); after a halt, once the reboot delay has passed (if there is one). And a start releases
 * what an incarnation that gave up authority halfway may have left behind: the peer held in reset
 * ({@link #releaseStrayFence}).
 *
 * <p>The runtime keeps its incarnation, start and stop; this class decides when to call them and
 * counts the faults. Its lines are logged under {@link ControllerRuntime}'s logger name, word for
 * word as before this class existed, so the log reads the same and a filter on that name still
 * matches them. Called on the control loop's thread only (a lane hands its exception over with
 * {@link #faultOnLane}, and ends a reset assertion with {@link #fenceDone}).
 */
final class FailSafe {
    /** Fault back-off: base × 2^(n-1) for the n-th consecutive fault, at most this many doublings. */
    private static final int MAX_BACKOFF_DOUBLINGS = 4;

    private final ControllerRuntime runtime;
    private final ControllerHardware hw;
    private final CoreConfig cfg;
    private final Scheduler scheduler;
    private final Lanes lanes;
    private final ControllerRuntime.Listener listener;
    private final long rebootDelayNanos;
    /** Unexpected exceptions since the runtime was made, over all incarnations. */
    private long faults;
    /** Faults since the core last reached SPARE or MAIN: how long the next back-off is. */
    private int consecutiveFaults;
    /**
     * Reset assertions of any incarnation queued on the local lane that the lane is not done with:
     * what a start's release must wait behind ({@link #releaseStrayFence}). Atomic: lanes end them.
     */
    private final AtomicInteger fencesOnLane = new AtomicInteger();

    FailSafe(ControllerRuntime runtime, ControllerHardware hw, CoreConfig cfg, Scheduler scheduler, Lanes lanes,
             ControllerRuntime.Listener listener, long rebootDelayNanos) {
        this.runtime = runtime;
        this.hw = hw;
        this.cfg = cfg;
        this.scheduler = scheduler;
        this.lanes = lanes;
        this.listener = listener;
        this.rebootDelayNanos = rebootDelayNanos;
    }

    /** Runs {@code body}; an exception from it makes incarnation {@code inc} give up authority. */
    void guarded(int inc, Object context, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            fault(inc, context, t);
        }
    }

    /**
     * An exception on a lane's thread: the verdict is the control loop's, on its own thread (the
     * incarnation may have ended meanwhile; {@link #fault} then only counts it).
     */
    void faultOnLane(int inc, Object context, Throwable error) {
        scheduler.schedule(0, () -> fault(inc, context, error));
    }

    /**
     * The fail-safe path (see {@link ControllerRuntime}'s class comment). {@code context} is
     * formatted only here, so the hot path never builds a message. A fault of an incarnation that
     * is already over is only counted.
     */
    void fault(int inc, Object context, Throwable error) {
        faults++;
        long t = runtime.now();
        String what = String.valueOf(context);
        if (inc != runtime.incarnation) {
            LoggerFactory.getLogger(ControllerRuntime.class).warn("{} role={} epoch={} cause=unexpected {} in {}"
                    + " of an incarnation already stopped (fault #{}): nothing more to give up",
                    cfg.self(), runtime.role(), runtime.epoch(), error, what, faults, error);
            return;
        }
        Role was = runtime.role();
        long ep = runtime.epoch();
        consecutiveFaults++;
        long backoff = Math.max(rebootDelayNanos, 3 * cfg.fdtNanos())
                << Math.min(consecutiveFaults - 1, MAX_BACKOFF_DOUBLINGS);
        LoggerFactory.getLogger(ControllerRuntime.class).error("{} role={} epoch={} cause=unexpected {} in {} (fault #{}):"
                + " giving up authority (FOLLOWER written, MAIN dropped), restarting as UNKNOWN in {} ms",
                cfg.self(), was, ep, error, what, faults, backoff / 1_000_000, error);
        runtime.stop();
        writeFollowerAnyway();
        int restart = runtime.incarnation;
        scheduler.schedule(backoff, () -> {
            if (restart == runtime.incarnation) {
                runtime.start();
            }
        });
        try {
            if (was != Role.UNKNOWN) {
                listener.onRoleChange(cfg.self(), Role.UNKNOWN, ep, t);
            }
            listener.onFault(cfg.self(), what, error, backoff, t);
        } catch (Throwable again) {
            LoggerFactory.getLogger(ControllerRuntime.class).error("{}: a listener failed while told of a fault", cfg.self(), again);
        }
    }

    /** FOLLOWER now, from this thread, and once more on the local lane ({@link #writeFollowerOnLane}). */
    private void writeFollowerAnyway() {
        try {
            hw.gchip().setRefSel(RefSel.FOLLOWER);
        } catch (Throwable e) {
            LoggerFactory.getLogger(ControllerRuntime.class).error("{}: could not write FOLLOWER while failing safe;"
                    + " the lease and the peer's fence remain", cfg.self(), e);
        }
        writeFollowerOnLane();
    }

    /**
     * FOLLOWER once more on the local lane, behind any LEADER write that is already under way there:
     * it checked the authority before we gave it up, so it may land after the FOLLOWER we wrote from
     * the loop's thread, and would leave an SC that holds no authority leading.
     */
    private void writeFollowerOnLane() {
        try {
            lanes.submit(Lanes.LOCAL, () -> {
                try {
                    hw.gchip().setRefSel(RefSel.FOLLOWER);
                } catch (Throwable e) {
                    // a broken Gchip already failed the loop thread's write just before: nothing more to do here
                }
                return null;
            }, e -> { });
        } catch (Throwable e) {
            LoggerFactory.getLogger(ControllerRuntime.class).error("{}: the local lane refused the FOLLOWER write", cfg.self(), e);
        }
    }

    /**
     * Failfast: no more writes from this incarnation; FOLLOWER is the one write that is always safe,
     * and, as when failing safe, it is written once more behind a LEADER write under way on the lane
     * (a halt comes from a lapsed lease, the very moment a LEADER checked just before may still land).
     */
    void halt() {
        long t = runtime.now();
        runtime.stop();
        try {
            hw.gchip().setRefSel(RefSel.FOLLOWER);
        } catch (HalException e) {
            // the halt must not fail: the Gchip is at worst left as it was
        } catch (RuntimeException e) {
            faults++;
            LoggerFactory.getLogger(ControllerRuntime.class).error("{}: could not write FOLLOWER while halting (fault #{})",
                    cfg.self(), faults, e);
        }
        writeFollowerOnLane();
        if (rebootDelayNanos > 0) {
            int inc = runtime.incarnation;
            scheduler.schedule(rebootDelayNanos, () -> {
                if (inc == runtime.incarnation) {
                    runtime.start();
                }
            });
        }
        listener.onHalt(cfg.self(), t);
    }

    /**
     * A software that starts holds no authority, and an SC without authority holds nobody in reset
     * (the core's own rule when it yields). A reset line into the peer that reads asserted now was
     * left by an earlier incarnation of ours — one that failed safe or halted between fencing the
     * peer and releasing it (its release may be what threw) — and the new core, which starts
     * knowing nothing of it, would keep the peer down for good. Released at once from the loop's
     * thread, before the new core hears of anything; if that throws, this incarnation fails safe and
     * the next start tries again. The peer then boots and the protocol decides between the two, as
     * at any start.
     *
     * <p>An earlier incarnation's assertion may also still be under way on the local lane: it
     * passed its authority check before that incarnation gave authority up, and its write has not
     * landed yet (a slow or hung register access). Landing after the release above, it would hold
     * the peer in reset for good, exactly what this release is for. So then the line is checked
     * and released once more on the local lane, behind it (as {@link #writeFollowerOnLane} does for
     * a LEADER write). The count is read before the line: if it reads none, every assertion ever
     * queued has landed already, and the release above is the last word.
     */
    void releaseStrayFence(int inc) {
        if (hw.resetToPeer().isEmpty()) {
            return;
        }
        ResetLine line = hw.resetToPeer().get();
        boolean fenceUnderWay = fencesOnLane.get() > 0;
        releaseIfAsserted(line);
        if (fenceUnderWay) {
            runtime.onLane(Lanes.LOCAL, inc, RELEASE_STRAY_FENCE, () -> {
                releaseIfAsserted(line);
                return null;
            });
        }
    }

    private void releaseIfAsserted(ResetLine line) {
        if (line.asserted()) {
            LoggerFactory.getLogger(ControllerRuntime.class).warn("{} role=UNKNOWN epoch={} cause=starting with the reset"
                    + " line into {} asserted by an earlier incarnation: releasing it", cfg.self(), runtime.epoch(),
                    cfg.self().peer());
            line.release();
        }
    }

    /** A reset assertion was queued on the local lane (control loop's thread). */
    void fenceQueued() {
        fencesOnLane.incrementAndGet();
    }

    /** The local lane is done with a reset assertion: landed, refused or skipped (a lane's thread). */
    void fenceDone() {
        fencesOnLane.decrementAndGet();
    }

    private static final Command RELEASE_STRAY_FENCE = new Command.ReleaseReset();

    /** The core reached SPARE or MAIN again: the next fault starts the back-off afresh. */
    void settled() {
        consecutiveFaults = 0;
    }

    /** Unexpected exceptions since the runtime was made (each one made it give up authority). */
    long faults() {
        return faults;
    }
}

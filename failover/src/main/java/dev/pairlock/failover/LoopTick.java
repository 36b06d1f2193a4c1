package dev.pairlock.failover;

/**
 * The control loop's periodic tick for one incarnation of {@link ControllerRuntime}: one object per
 * incarnation that re-arms itself on the runtime's scheduler (only one tick is ever pending per
 * incarnation), not a new closure every tick. Each run counts the tick, notes how late it ran
 * ({@link LoopLateness}) and hands the core the signals sampled now; an incarnation that has ended
 * neither runs nor re-arms its tick.
 *
 * <p>Scheduler thread only. Reads the runtime's fields as the runtime's own code would.
 */
final class LoopTick implements Runnable {
    private final ControllerRuntime runtime;
    private final int inc;
    /** When the pending tick is due (set as it is armed, read as it runs on the same scheduler). */
    private long due;

    LoopTick(ControllerRuntime runtime, int inc) {
        this.runtime = runtime;
        this.inc = inc;
    }

    void arm() {
        due = runtime.now() + runtime.cfg.tickNanos();
        runtime.scheduler.schedule(runtime.cfg.tickNanos(), this);
    }

    @Override
    public void run() {
        ControllerRuntime rt = runtime;
        if (inc != rt.incarnation) {
            return;
        }
        rt.countTick();
        rt.lateness.tickRan(due, rt.now(), rt.core);
        int stale = rt.lateness.takeStaleFrames();
        try { // guarded, inline: the tick allocates no closure for it
            rt.deliver(new Event.Tick(rt.hw.heartbeatIn().edgeCount(), rt.hw.peerLink().carrier(),
                    rt.hw.gchip().peerClockPresent(), stale));
        } catch (Throwable t) {
            rt.failSafe.fault(inc, "tick", t);
        }
        if (inc == rt.incarnation) {
            arm();
        }
    }
}

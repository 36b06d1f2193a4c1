package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.time.Scheduler;

/**
 * The real protocol plus a buggy side thread: a "leader-mode watchdog" that every FDT/100
 * re-asserts REF_SEL=LEADER if the role it read on its <em>previous</em> run was MAIN. It keys on
 * the role, never the lease, and acts on a stale reading: after a GC pause it writes LEADER once
 * more, although the lease ran out during the pause (S3).
 */
final class RoleCachingWatchdog implements ControllerSoftware {
    private final RuntimeSoftware real;
    private final ControllerHardware hw;
    private final Scheduler scheduler;
    private final long period;
    private int incarnation;
    private boolean cachedMain;

    RoleCachingWatchdog(ControllerHardware hw, Scheduler scheduler, ControllerRuntime runtime, long fdtNanos) {
        this.real = new RuntimeSoftware(runtime);
        this.hw = hw;
        this.scheduler = scheduler;
        this.period = fdtNanos / 100;
    }

    static SoftwareFactory factory() {
        return (hw, cfg, scheduler, lanes, listener, busy) -> new RoleCachingWatchdog(hw, scheduler,
                new ControllerRuntime(hw, cfg, scheduler, lanes, listener), cfg.fdtNanos());
    }

    @Override
    public void start() {
        real.start();
        int inc = ++incarnation;
        cachedMain = false;
        scheduler.schedule(period, () -> watch(inc));
    }

    private void watch(int inc) {
        if (inc != incarnation) {
            return;
        }
        if (cachedMain) {
            hw.gchip().setRefSel(RefSel.LEADER);
        }
        cachedMain = real.role() == Role.MAIN;
        scheduler.schedule(period, () -> watch(inc));
    }

    @Override
    public void stop() {
        incarnation++;
        real.stop();
    }

    @Override
    public boolean running() {
        return real.running();
    }

    @Override
    public Role role() {
        return real.role();
    }

    @Override
    public long epoch() {
        return real.epoch();
    }

    @Override
    public long leaseExpiry() {
        return real.leaseExpiry();
    }

    @Override
    public void operator(Event.Operator.Op op) {
        real.operator(op);
    }

    @Override
    public void syncStatus(Event.SyncStatus word) {
        real.syncStatus(word);
    }
}

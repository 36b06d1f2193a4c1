package dev.pairlock.daemon;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.platform.PlatformConfig;
import java.util.Optional;

/** The pets of the kernel watchdog and systemd's, from the control loop, only while it makes progress. */
final class Liveness {
    private final Scheduler control;
    private final ControllerRuntime runtime;
    private final Optional<Watchdog> watchdog;
    private final Optional<SdNotify> notify;
    private final long intervalNanos;
    /** Checks in a row that may see no new tick from a loop that is on time ({@link #checksWithoutTick}). */
    private final long allowance;
    private volatile boolean running = true;
    private long lastTicks = -1;
    private long checksSinceTick;

    Liveness(Scheduler control, ControllerRuntime runtime, Optional<Watchdog> watchdog, Optional<SdNotify> notify,
             long intervalNanos, long tickNanos) {
        this.control = control;
        this.runtime = runtime;
        this.watchdog = watchdog;
        this.notify = notify;
        this.intervalNanos = intervalNanos;
        this.allowance = checksWithoutTick(tickNanos, intervalNanos);
    }

    /**
     * How many checks in a row may find no new tick while the loop is on time: none when a tick
     * (FDT/10) is no longer than a check interval; else the checks that fit in one tick period, and one
     * for a tick that comes a little late. Without it a large FDT (a tick of 12 s at fdt = 120 s)
     * stopped the pets of a healthy loop, and the kernel watchdog (10 s) reset the SC again and again.
     */
    static long checksWithoutTick(long tickNanos, long intervalNanos) {
        return tickNanos <= intervalNanos ? 0 : (tickNanos + intervalNanos - 1) / intervalNanos;
    }

    /** One check's verdict: pet now? {@code ticked}: the loop ticked since the last check. */
    static boolean progress(boolean ticked, long checksSinceTick, long allowance) {
        return ticked || checksSinceTick <= allowance;
    }

    /** Pets come four times per watchdog period (the kernel's and systemd's, whichever is shorter), at least once per FDT. */
    static long intervalNanos(PlatformConfig cfg, long systemdWatchdogNanos) {
        long period = cfg.failover().fdt().toNanos() * 4;
        if (cfg.watchdog().isPresent()) {
            period = Math.min(period, cfg.watchdog().get().timeout().toNanos());
        }
        if (systemdWatchdogNanos > 0) {
            period = Math.min(period, systemdWatchdogNanos);
        }
        return Math.max(10_000_000L, period / 4);
    }

    void start() {
        control.schedule(intervalNanos, this::check);
    }

    /**
     * On the control thread: a stalled thread never gets here. The loop made progress if it ticked
     * since the last check, or if it is deliberately down waiting to restart (failfast, fault
     * back-off), which its own timer on this same thread will end.
     */
    private void check() {
        if (!running) {
            return;
        }
        long t = runtime.ticks();
        boolean ticked = t != lastTicks;
        checksSinceTick = ticked ? 0 : checksSinceTick + 1;
        if (progress(ticked, checksSinceTick, allowance) || !runtime.running()) {
            watchdog.ifPresent(Watchdog::pet);
            notify.ifPresent(n -> n.send("WATCHDOG=1"));
        }
        lastTicks = t;
        control.schedule(intervalNanos, this::check);
    }

    void stop() {
        running = false;
    }
}

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
    private volatile boolean running = true;
    private long lastTicks = -1;

    Liveness(Scheduler control, ControllerRuntime runtime, Optional<Watchdog> watchdog, Optional<SdNotify> notify,
             long intervalNanos) {
        this.control = control;
        this.runtime = runtime;
        this.watchdog = watchdog;
        this.notify = notify;
        this.intervalNanos = intervalNanos;
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
        if (t != lastTicks || !runtime.running()) {
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

package dev.pairlock.simulation;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.VirtualTime;

/**
 * The scheduler an SC's software runs on: virtual time, except that while the chassis says the
 * SC is stalled (a GC pause), its tasks wait for the end of the stall, in order. Hardware keeps
 * going meanwhile; that difference is exactly what the lease must survive.
 */
final class StallGate implements Scheduler {
    private final VirtualTime time;
    private final Chassis chassis;
    private final ScId sc;

    StallGate(VirtualTime time, Chassis chassis, ScId sc) {
        this.time = time;
        this.chassis = chassis;
        this.sc = sc;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        return time.schedule(Math.max(0, delayNanos), () -> runOrDefer(task));
    }

    private void runOrDefer(Runnable task) {
        long until = chassis.stalledUntil(sc);
        if (until > time.now()) {
            time.scheduleAt(until, () -> runOrDefer(task));
        } else {
            task.run();
        }
    }
}

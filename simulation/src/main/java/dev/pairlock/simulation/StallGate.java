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
final class StallGate implements Scheduler, VirtualTime.Gate {
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
        return time.schedule(Math.max(0, delayNanos), task, this);
    }

    /** While the chassis has this SC stalled, its tasks wait (in order) for the end of the stall. */
    @Override
    public long heldUntil() {
        return chassis.stalledUntil(sc);
    }
}

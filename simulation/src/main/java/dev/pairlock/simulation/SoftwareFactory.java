package dev.pairlock.simulation;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.Lanes;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.time.Scheduler;
import java.util.function.LongSupplier;

/** Makes one SC's software; the default runs the real protocol, tests plug in the seed's naive one. */
@FunctionalInterface
public interface SoftwareFactory {
    /**
     * @param scheduler  the SC's software scheduler (deferred while the SC is stalled)
     * @param lanes      metered lanes on this SC's busy account
     * @param busyNanos  this SC's busy account, for software that meters its own I/O
     */
    ControllerSoftware create(ControllerHardware hw, CoreConfig cfg, Scheduler scheduler, Lanes lanes,
                              ControllerRuntime.Listener listener, LongSupplier busyNanos);

    SoftwareFactory PAIRLOCK = (hw, cfg, scheduler, lanes, listener, busyNanos) ->
            new RuntimeSoftware(new ControllerRuntime(hw, cfg, scheduler, lanes, listener));
}

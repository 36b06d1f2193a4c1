package dev.pairlock.simulation;

import dev.pairlock.mock.ChassisConfig;
import java.util.List;

/**
 * One reproducible run: the chassis (with its initial hardware state and wiring), the protocol's
 * FDT, timed actions (software starts, faults, operator commands), when faults stop, and the end
 * of the fault-free settle tail after which liveness is checked.
 *
 * @param name       scenario name, or "random" for generated schedules
 * @param seed       the seed it was made from (printed in replay lines)
 * @param faultsEnd  from here every fault is healed and nothing more is injected
 * @param end        the run stops here; liveness is judged at this instant
 * @param disableAfterFailover both SCs' {@code CoreConfig.disableAfterFailover} (SMS's rule)
 */
public record Schedule(String name, long seed, ChassisConfig chassis, long fdtNanos, List<Action> actions,
                       long faultsEnd, long end, boolean disableAfterFailover) {
    public Schedule {
        actions = List.copyOf(actions);
    }

    /** With SMS's disable-after-failover rule. */
    public Schedule(String name, long seed, ChassisConfig chassis, long fdtNanos, List<Action> actions,
                    long faultsEnd, long end) {
        this(name, seed, chassis, fdtNanos, actions, faultsEnd, end, true);
    }
}

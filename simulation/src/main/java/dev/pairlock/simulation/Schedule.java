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
 * @param syncPublishNanos how long each SC's data sync takes to speak for a role it was handed: its
 *                   own thread applies the role, then publishes ({@link DatasyncStandIn})
 */
public record Schedule(String name, long seed, ChassisConfig chassis, long fdtNanos, List<Action> actions,
                       long faultsEnd, long end, boolean disableAfterFailover, long syncPublishNanos) {
    /** Data sync's publish delay on an idle SC: its thread applies a role within a millisecond. */
    public static final long DEFAULT_SYNC_PUBLISH_NANOS = 1_000_000L;

    public Schedule {
        actions = List.copyOf(actions);
        if (syncPublishNanos <= 0) {
            throw new IllegalArgumentException("schedule " + name + " seed " + seed + ": syncPublishNanos must be"
                    + " positive (data sync publishes on its own thread, after the role change), not " + syncPublishNanos);
        }
    }

    /** With data sync's publish delay on an idle SC. */
    public Schedule(String name, long seed, ChassisConfig chassis, long fdtNanos, List<Action> actions,
                    long faultsEnd, long end, boolean disableAfterFailover) {
        this(name, seed, chassis, fdtNanos, actions, faultsEnd, end, disableAfterFailover, DEFAULT_SYNC_PUBLISH_NANOS);
    }

    /** With SMS's disable-after-failover rule. */
    public Schedule(String name, long seed, ChassisConfig chassis, long fdtNanos, List<Action> actions,
                    long faultsEnd, long end) {
        this(name, seed, chassis, fdtNanos, actions, faultsEnd, end, true);
    }
}

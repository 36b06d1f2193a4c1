package dev.pairlock.failover;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the runtime's hardware operations run: one lane per I2C bus (slot k on lane k) plus a local
 * lane for Gchip and reset-line registers. Operations on one lane run in order; lanes run
 * independently, so 13 hung buses cost one bus timeout, not 13. A lane delivers each completion
 * through the controller's scheduler, never synchronously from {@link #submit}.
 */
public interface Lanes {
    /** The lane for the SC's own registers (REF_SEL, phase lock, reset line). */
    int LOCAL = -1;

    /**
     * Runs {@code operation} on {@code lane} when the lane is free and hands its result (possibly
     * null: nothing to report) to {@code completion} once the operation's time has passed.
     */
    void submit(int lane, Supplier<Event> operation, Consumer<Event> completion);
}

package dev.pairlock.failover;

import java.util.List;

/**
 * A failover protocol as the runtime drives it: a step function from (event, now) to commands,
 * plus the authority the runtime must enforce on MAIN-only writes. {@link ControllerCore} is the
 * real one; tests plug in others (the seed's naive protocol) to show the checker catches them.
 */
public interface ControllerLogic {
    /** Handles one event at {@code nowNanos}; appends the commands to execute to {@code out}. */
    void handle(Event event, long nowNanos, List<Command> out);

    Role role();

    long epoch();

    /** Until when (exclusive) a MAIN may write MAIN-only registers; {@code Long.MIN_VALUE} when it may not. */
    long leaseExpiry();

    FailoverStatus status();

    /**
     * The failover setting's on/off, without building a whole status. The runtime reads it after
     * every step (a change moves its state version): a protocol should answer it from a field.
     */
    default boolean failoverEnabled() {
        return status().failoverEnabled();
    }
}

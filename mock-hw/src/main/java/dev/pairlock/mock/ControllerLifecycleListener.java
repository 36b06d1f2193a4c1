package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/**
 * What the chassis tells the simulation harness about an SC's software: the chassis runs no
 * software itself, so the harness starts, stops and defers each SC's runtime on these calls.
 */
public interface ControllerLifecycleListener {
    /** sc lost power: its software is gone, its clock is gone. */
    default void onPowerOff(ScId sc) {
    }

    /** sc starts its software from scratch: power on (not held in reset) or release from reset. */
    default void onBoot(ScId sc) {
    }

    /** sc is held in reset: its software is stopped, its REF_SEL is back to FOLLOWER, its clock runs. */
    default void onHeldInReset(ScId sc) {
    }

    /** sc's software is frozen until virtual time {@code untilNanos} (a GC pause); hardware carries on. */
    default void onStall(ScId sc, long untilNanos) {
    }
}

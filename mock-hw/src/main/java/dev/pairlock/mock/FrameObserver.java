package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/**
 * Watches the simulated peer link deliver frames ({@link Chassis#observeFrames}): a checker that
 * must know what an SC was told over the link (not what its software says it heard) reads it here,
 * at the instant of delivery, before the receiver gets the frame.
 */
@FunctionalInterface
public interface FrameObserver {
    /**
     * {@code frame}, sent by {@code from}, is being delivered to {@code to}
     * now. Only frames that reach a receiver are reported (a frame a fault, a stopped SC or the
     * size limit dropped is not). The array is the one the receiver gets next: read it, never write it.
     */
    void delivered(ScId from, ScId to, byte[] frame);
}

package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/**
 * Watches SCs send frames on the simulated peer link ({@link Chassis#observeSentFrames}): a checker
 * that must judge what an SC says to its peer reads it here, at the instant the SC sends it. A frame
 * is seen whatever happens to it next, so a frame still on its way when something changes its
 * sender is judged by the instant it left, not by the one it arrives at.
 */
@FunctionalInterface
public interface SentFrameObserver {
    /**
     * {@code frame} is being sent by {@code from} now. Every frame an SC's end of the link is given
     * is reported, before the link decides its fate (a fault, a stopped sender or the size limit may
     * drop it). The array is the sender's: read it, never write it, and keep no reference to it.
     */
    void sent(ScId from, byte[] frame);
}

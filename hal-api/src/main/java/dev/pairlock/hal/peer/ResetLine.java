package dev.pairlock.hal.peer;

/**
 * The reset line this SC drives into the peer: the fence. While asserted, the peer's software is
 * stopped and its Gchip is back at its reset value (follower); its clock keeps running.
 */
public interface ResetLine {
    void assertReset();

    void release();

    boolean asserted();
}

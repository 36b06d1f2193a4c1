package dev.pairlock.hal.board;

import dev.pairlock.hal.ScId;

/**
 * A board's smart PLL: which SC's clock it takes, and whether it is locked to it. Switching input
 * is only glitch-free while the two SC clocks are phase locked; checking that is the caller's job.
 */
public interface Spll {
    SpllStatus status();

    /**
     * Selects the input and reads it back.
     *
     * @throws SpllVerifyException if the read-back differs from what was written
     */
    void select(ScId input);
}

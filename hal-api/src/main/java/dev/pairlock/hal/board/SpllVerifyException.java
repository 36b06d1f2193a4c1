package dev.pairlock.hal.board;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;

/** The SPLL's input-select register did not read back what was written. */
public class SpllVerifyException extends HalException {
    private final int slot;

    public SpllVerifyException(int slot, ScId wanted, int readBack) {
        super("board slot " + slot + ": SPLL input select wrote " + wanted + " but read back 0x"
                + Integer.toHexString(readBack) + " (the board may be resetting; re-run the select or reseat the board)");
        this.slot = slot;
    }

    public int slot() {
        return slot;
    }
}

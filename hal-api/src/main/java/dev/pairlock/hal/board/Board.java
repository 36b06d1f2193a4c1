package dev.pairlock.hal.board;

/** One board slot: its presence/ID register and its SPLL. Every call is bus traffic and may throw an I2cException. */
public interface Board {
    int slot();

    /** Reads the presence/ID register; a device that does not acknowledge means the slot is empty. */
    Presence presence();

    Spll spll();
}

package dev.pairlock.hal.board;

import dev.pairlock.hal.HalArgumentException;

/** The chassis' board slots as one SC sees them; slot k is reached over I2C bus k. */
public interface BoardBay {
    int MAX_SLOTS = 256;

    int slotCount();

    /** @throws HalArgumentException if {@code slot} is not 0..slotCount()-1 */
    Board board(int slot);

    default int checkSlot(int slot) {
        return HalArgumentException.checkRange("board slot", slot, 0, slotCount() - 1);
    }
}

package dev.pairlock.spll;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.i2c.I2cBuses;

import java.util.Objects;

/**
 * The board slots of a chassis over I2C: slot k is the device at {@link BoardRegisterMap#address()}
 * on bus k. Cheap to build; buses are opened on first use by {@link I2cBuses}.
 */
public final class I2cBoardBay implements BoardBay {
    private final I2cBuses buses;
    private final BoardRegisterMap map;
    private final I2cBoard[] boards;

    public I2cBoardBay(I2cBuses buses, int slotCount, BoardRegisterMap map) {
        this.buses = Objects.requireNonNull(buses, "buses");
        this.map = Objects.requireNonNull(map, "map");
        HalArgumentException.checkRange("board slot count", slotCount, 1, MAX_SLOTS);
        this.boards = new I2cBoard[slotCount];
    }

    public I2cBoardBay(I2cBuses buses, int slotCount) {
        this(buses, slotCount, BoardRegisterMap.DEFAULT);
    }

    public BoardRegisterMap registerMap() {
        return map;
    }

    @Override
    public int slotCount() {
        return boards.length;
    }

    @Override
    public Board board(int slot) {
        checkSlot(slot);
        I2cBoard b = boards[slot];
        if (b == null) {
            // the device handle is resolved lazily so that building a bay never touches a bus
            b = new I2cBoard(slot, () -> buses.bus(slot).device(map.address()), map);
            boards[slot] = b;
        }
        return b;
    }
}

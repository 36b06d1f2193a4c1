package dev.pairlock.spll;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.BoardBay;
import dev.pairlock.hal.i2c.I2cBuses;

import java.util.List;
import java.util.Objects;

/**
 * The board slots of a chassis over I2C: by default slot k is the device at
 * {@link BoardRegisterMap#address()} on bus k; a {@link SlotWiring} per slot routes it elsewhere.
 * Cheap to build; buses are opened on first use by {@link I2cBuses}.
 */
public final class I2cBoardBay implements BoardBay {
    private final I2cBuses buses;
    private final BoardRegisterMap map;
    private final SlotWiring[] wiring;
    private final I2cBoard[] boards;

    /** Slot k is {@code wiring.get(k)}: its bus and its device's address; the map gives the registers. */
    public I2cBoardBay(I2cBuses buses, List<SlotWiring> wiring, BoardRegisterMap map) {
        this.buses = Objects.requireNonNull(buses, "buses");
        this.map = Objects.requireNonNull(map, "map");
        HalArgumentException.checkRange("board slot count", wiring.size(), 1, MAX_SLOTS);
        this.wiring = wiring.toArray(new SlotWiring[0]);
        for (SlotWiring w : this.wiring) {
            Objects.requireNonNull(w, "wiring");
        }
        this.boards = new I2cBoard[this.wiring.length];
    }

    /** Slot k on bus k at the map's address. */
    public I2cBoardBay(I2cBuses buses, int slotCount, BoardRegisterMap map) {
        this(buses, defaultWiring(slotCount, map), map);
    }

    /** Slot k on bus k at {@code map.address()}, for {@code slotCount} slots. */
    public static List<SlotWiring> defaultWiring(int slotCount, BoardRegisterMap map) {
        HalArgumentException.checkRange("board slot count", slotCount, 1, MAX_SLOTS);
        SlotWiring[] w = new SlotWiring[slotCount];
        for (int k = 0; k < slotCount; k++) {
            w[k] = new SlotWiring(k, map.address());
        }
        return List.of(w);
    }

    public I2cBoardBay(I2cBuses buses, int slotCount) {
        this(buses, slotCount, BoardRegisterMap.DEFAULT);
    }

    public BoardRegisterMap registerMap() {
        return map;
    }

    /** Where slot {@code slot}'s board is wired. */
    public SlotWiring wiring(int slot) {
        return wiring[checkSlot(slot)];
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
            SlotWiring w = wiring[slot];
            b = new I2cBoard(slot, () -> buses.bus(w.bus()).device(w.address()), map);
            boards[slot] = b;
        }
        return b;
    }
}

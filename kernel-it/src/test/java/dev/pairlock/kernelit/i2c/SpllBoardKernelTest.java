package dev.pairlock.kernelit.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.board.Board;
import dev.pairlock.hal.board.Presence;
import dev.pairlock.hal.board.SpllStatus;
import dev.pairlock.i2c.LinuxI2cBuses;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import dev.pairlock.spll.BoardRegisterMap;
import dev.pairlock.spll.I2cBoardBay;
import dev.pairlock.spll.I2cSpll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** spll's board register map driving i2c-stub chips as boards, through the real i2c backend. */
@Tag("kernel")
class SpllBoardKernelTest {
    private final LinuxI2cBuses buses = new LinuxI2cBuses();
    private final int slot = KernelEnv.i2cStubBus(); // slot k is bus k

    @AfterEach
    void close() {
        buses.close();
    }

    private String bus() {
        return Integer.toString(slot);
    }

    private static String hex(int v) {
        return String.format("0x%02x", v);
    }

    private Board board(int address) {
        return new I2cBoardBay(buses, slot + 1, BoardRegisterMap.DEFAULT.withAddress(address)).board(slot);
    }

    @Test
    void aStubChipRegistersAsABoardWithItsId() {
        for (int address : KernelEnv.i2cStubAddresses()) {
            int id = 0x40 + (address & 0x0F);
            Cmd.ok("i2cset", "-y", bus(), hex(address), "0x00", hex(id), "b");
            assertEquals(Presence.of(id), board(address).presence(), "board at " + hex(address));
        }
    }

    @Test
    void anEmptySlotAddressIsAbsent() {
        int absent = 0x30;
        while (KernelEnv.i2cStubAddresses().contains(absent)) {
            absent++;
        }
        assertEquals(Presence.ABSENT, board(absent).presence());
    }

    @Test
    void programmingTheSpllIsVisibleToI2cget() {
        int address = KernelEnv.i2cStubAddresses().getFirst();
        Board b = board(address);
        b.spll().select(ScId.SC1);
        assertEquals("0x01", Cmd.ok("i2cget", "-y", bus(), hex(address), "0x10", "b").out());
        b.spll().select(ScId.SC0);
        assertEquals("0x00", Cmd.ok("i2cget", "-y", bus(), hex(address), "0x10", "b").out());
    }

    @Test
    void spllStatusComesFromTheChipsRegisters() {
        int address = KernelEnv.i2cStubAddresses().getLast();
        Cmd.ok("i2cset", "-y", bus(), hex(address), "0x10", "0x01", "b");
        Cmd.ok("i2cset", "-y", bus(), hex(address), "0x11", "0x07", "b");
        Board b = board(address);
        assertEquals(new SpllStatus(ScId.SC1, true, true), b.spll().status());
        assertTrue(((I2cSpll) b.spll()).inputPresent());
        Cmd.ok("i2cset", "-y", bus(), hex(address), "0x11", "0x00", "b");
        assertFalse(b.spll().status().locked());
    }
}

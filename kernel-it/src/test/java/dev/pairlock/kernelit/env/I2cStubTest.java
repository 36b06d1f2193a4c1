package dev.pairlock.kernelit.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** i2c-stub adapters behind i2c-dev, cross-checked with i2c-tools. */
@Tag("kernel")
class I2cStubTest {

    private static String hex(int v) { return String.format("0x%02x", v); }

    @Test
    void stubAdaptersAreI2cDevCharacterDevices() {
        List<Integer> buses = KernelEnv.i2cStubBuses();
        assertFalse(buses.isEmpty(), "no i2c-stub bus");
        for (int bus : buses) {
            Path dev = KernelEnv.i2cDevice(bus);
            assertTrue(Files.exists(dev), dev + " missing");
            assertEquals("character special file", Cmd.ok("stat", "-c", "%F", dev.toString()).out(), dev.toString());
            assertEquals("SMBus stub driver",
                    Cmd.ok("cat", "/sys/bus/i2c/devices/i2c-" + bus + "/name").out());
        }
    }

    @Test
    void i2cdetectFindsExactlyTheStubChips() {
        for (int bus : KernelEnv.i2cStubBuses()) {
            String grid = Cmd.ok("i2cdetect", "-y", "-q", Integer.toString(bus)).stdout();
            Set<Integer> found = new TreeSet<>();
            for (String line : grid.split("\n")) {
                if (!line.matches("^[0-7]0:.*")) continue;
                for (String cell : line.substring(3).trim().split("\\s+")) {
                    if (cell.matches("[0-9a-f]{2}")) found.add(Integer.parseInt(cell, 16));
                }
            }
            assertEquals(new TreeSet<>(KernelEnv.i2cStubAddresses()), found, "i2cdetect -y -q " + bus + ":\n" + grid);
        }
    }

    @Test
    void byteAndWordWritesReadBack() {
        int bus = KernelEnv.i2cStubBus();
        String b = Integer.toString(bus);
        int i = 0;
        for (int addr : KernelEnv.i2cStubAddresses()) {
            int value = 0xa0 + i++;
            Cmd.ok("i2cset", "-y", b, hex(addr), "0x10", hex(value), "b");
            assertEquals(hex(value), Cmd.ok("i2cget", "-y", b, hex(addr), "0x10", "b").out(), "byte at " + hex(addr));
            Cmd.ok("i2cset", "-y", b, hex(addr), "0x20", "0xbe" + Integer.toHexString(0x10 + i), "w");
            assertEquals("0xbe" + Integer.toHexString(0x10 + i),
                    Cmd.ok("i2cget", "-y", b, hex(addr), "0x20", "w").out(), "word at " + hex(addr));
        }
    }

    @Test
    void chipsAreIndependent() {
        List<Integer> addrs = KernelEnv.i2cStubAddresses();
        assertTrue(addrs.size() >= 2, "need at least two stub chips, have " + addrs);
        String b = Integer.toString(KernelEnv.i2cStubBus());
        Cmd.ok("i2cset", "-y", b, hex(addrs.get(0)), "0x30", "0x11");
        Cmd.ok("i2cset", "-y", b, hex(addrs.get(1)), "0x30", "0x22");
        assertEquals("0x11", Cmd.ok("i2cget", "-y", b, hex(addrs.get(0)), "0x30").out());
        assertEquals("0x22", Cmd.ok("i2cget", "-y", b, hex(addrs.get(1)), "0x30").out());
    }

    @Test
    void anAddressWithoutAChipFails() {
        int absent = 0x08;
        while (KernelEnv.i2cStubAddresses().contains(absent)) absent++;
        Cmd.Result r = Cmd.run("i2cget", "-y", Integer.toString(KernelEnv.i2cStubBus()), hex(absent), "0x00");
        assertNotEquals(0, r.exitCode(), "reading an absent address must fail: " + r);
    }
}

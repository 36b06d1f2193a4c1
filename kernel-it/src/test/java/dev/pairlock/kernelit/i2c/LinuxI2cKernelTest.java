package dev.pairlock.kernelit.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.i2c.LinuxI2cBuses;
import dev.pairlock.kernelit.Cmd;
import dev.pairlock.kernelit.KernelEnv;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The i2c backend against i2c-stub through /dev/i2c-N, every result cross-checked with i2c-tools. */
@Tag("kernel")
class LinuxI2cKernelTest {
    private final LinuxI2cBuses buses = new LinuxI2cBuses();
    private final int busNumber = KernelEnv.i2cStubBus();
    private final I2cBus bus = buses.bus(busNumber);
    private final int chip = KernelEnv.i2cStubAddresses().getFirst();

    @AfterEach
    void close() {
        buses.close();
    }

    private static String hex(int v) {
        return String.format("0x%02x", v);
    }

    private String i2cget(int address, int register, String mode) {
        return Cmd.ok("i2cget", "-y", Integer.toString(busNumber), hex(address), hex(register), mode).out();
    }

    private void i2cset(int address, int register, String... valueAndMode) {
        String[] cmd = new String[5 + valueAndMode.length];
        cmd[0] = "i2cset";
        cmd[1] = "-y";
        cmd[2] = Integer.toString(busNumber);
        cmd[3] = hex(address);
        cmd[4] = hex(register);
        System.arraycopy(valueAndMode, 0, cmd, 5, valueAndMode.length);
        Cmd.ok(cmd);
    }

    @Test
    void theStubBusIsListedAndNamedFromSysfs() {
        assertTrue(buses.numbers().containsAll(KernelEnv.i2cStubBuses()), buses.numbers().toString());
        assertEquals("i2c-" + busNumber + " (SMBus stub driver)", bus.name());
    }

    @Test
    void functionalityMatchesI2cdetect() {
        I2cFunctionality f = bus.functionality();
        assertFalse(f.has(I2cFunctionality.I2C), "i2c-stub is SMBus-only");
        long stub = I2cFunctionality.SMBUS_QUICK | I2cFunctionality.SMBUS_READ_BYTE | I2cFunctionality.SMBUS_WRITE_BYTE
                | I2cFunctionality.SMBUS_READ_BYTE_DATA | I2cFunctionality.SMBUS_WRITE_BYTE_DATA
                | I2cFunctionality.SMBUS_READ_WORD_DATA | I2cFunctionality.SMBUS_WRITE_WORD_DATA
                | I2cFunctionality.SMBUS_READ_I2C_BLOCK | I2cFunctionality.SMBUS_WRITE_I2C_BLOCK;
        assertEquals(stub, f.mask(), "i2c-stub 6.1 offers exactly these (0x" + Long.toHexString(f.mask()) + ")");
        assertEquals(0, f.mask() >>> 32, "the undefined high half of the unsigned long is zero");

        Map<String, Boolean> tool = new HashMap<>();
        for (String line : Cmd.ok("i2cdetect", "-F", Integer.toString(busNumber)).stdout().split("\n")) {
            String l = line.strip();
            if (l.endsWith(" yes") || l.endsWith(" no")) {
                tool.put(l.substring(0, l.lastIndexOf(' ')).strip(), l.endsWith(" yes"));
            }
        }
        int compared = 0;
        for (Map.Entry<String, Boolean> e : f.describe()) {
            if (tool.containsKey(e.getKey())) {
                assertEquals(tool.get(e.getKey()), e.getValue(), e.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 12, "compared only " + compared + " flags with i2cdetect -F: " + tool);
    }

    @Test
    void byteDataRoundTripsBothWays() {
        I2cDevice d = bus.device(chip);
        d.writeByteData(0x12, 0xA7);
        assertEquals("0xa7", i2cget(chip, 0x12, "b"));
        i2cset(chip, 0x13, "0x3c", "b");
        assertEquals(0x3C, d.readByteData(0x13));
    }

    @Test
    void wordDataRoundTripsBothWays() {
        I2cDevice d = bus.device(chip);
        d.writeWordData(0x22, 0xBEEF);
        assertEquals("0xbeef", i2cget(chip, 0x22, "w"));
        i2cset(chip, 0x24, "0x1234", "w");
        assertEquals(0x1234, d.readWordData(0x24));
    }

    @Test
    void i2cBlockDataRoundTripsBothWays() {
        I2cDevice d = bus.device(chip);
        d.writeI2cBlockData(0x40, new byte[] {0x11, 0x22, 0x33, 0x44}, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(hex(0x11 * (i + 1)), i2cget(chip, 0x40 + i, "b"));
        }
        i2cset(chip, 0x48, "0x0a", "0x0b", "0x0c", "i");
        byte[] got = new byte[3];
        d.readI2cBlockData(0x48, got, 3);
        assertArrayEquals(new byte[] {0x0a, 0x0b, 0x0c}, got);
    }

    @Test
    void smbusBlockTransfersAreRefusedBecauseTheStubLacksThem() {
        I2cDevice d = bus.device(chip);
        I2cUnsupportedException w = assertThrows(I2cUnsupportedException.class,
                () -> d.writeBlockData(0x60, new byte[] {5, 6, 7}, 3));
        assertTrue(w.getMessage().contains("SMBus block write"), w.getMessage());
        assertThrows(I2cUnsupportedException.class, () -> d.readBlockData(0x60, new byte[I2cDevice.MAX_BLOCK]));
    }

    @Test
    void sendByteSetsThePointerThatReceiveByteReads() {
        i2cset(chip, 0x70, "0x5e", "b");
        I2cDevice d = bus.device(chip);
        d.writeByte(0x70);
        assertEquals(0x5E, d.readByte());
        d.quick(false);
    }

    @Test
    void anAbsentAddressIsNoAcknowledgeLikeI2cgetFailing() {
        int absent = 0x08;
        while (KernelEnv.i2cStubAddresses().contains(absent)) {
            absent++;
        }
        int a = absent;
        I2cNoAcknowledgeException e = assertThrows(I2cNoAcknowledgeException.class,
                () -> bus.device(a).readByteData(0x01));
        assertEquals(busNumber, e.bus());
        assertEquals(a, e.address());
        assertEquals(0x01, e.register());
        assertEquals(19, e.errno(), "i2c-stub reports a missing chip as ENODEV");
        assertThrows(I2cNoAcknowledgeException.class, () -> bus.device(a).quick(false));
        assertTrue(Cmd.run("i2cget", "-y", Integer.toString(busNumber), hex(a), "0x01").exitCode() != 0);
    }

    /** The presence scan's read: the value i2cget reads where a chip answers, NO_ACKNOWLEDGE where i2cget fails. */
    @Test
    void aProbeAgreesWithI2cgetOnAPresentAndAnAbsentAddress() {
        int absent = 0x08;
        while (KernelEnv.i2cStubAddresses().contains(absent)) {
            absent++;
        }
        i2cset(chip, 0x26, "0x5a", "b");
        i2cset(chip, 0x28, "0xc0de", "w");
        assertEquals(hex(bus.device(chip).probeByteData(0x26)), i2cget(chip, 0x26, "b"));
        assertEquals(0xC0DE, bus.device(chip).probeWordData(0x28));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, bus.device(absent).probeByteData(0x01));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, bus.device(absent).probeWordData(0x01));
        assertTrue(Cmd.run("i2cget", "-y", Integer.toString(busNumber), hex(absent), "0x01").exitCode() != 0);
        assertEquals(0x5A, bus.device(chip).probeByteData(0x26), "the bus serves the chip again after a probe found nobody");
    }

    @Test
    void combinedTransfersAreRefusedOnTheSmbusOnlyStub() {
        I2cUnsupportedException e = assertThrows(I2cUnsupportedException.class,
                () -> bus.transfer(List.of(I2cMessage.write(I2cAddress.of(chip), (byte) 0))));
        assertTrue(e.getMessage().contains("SMBus-only"), e.getMessage());
    }

    @Test
    void timeoutAndRetriesAreAcceptedByTheKernel() {
        bus.configure(new I2cSettings(Duration.ofMillis(120), 3));
        assertEquals(3, bus.settings().retries());
        bus.device(chip).writeByteData(0x30, 0x01);
        assertEquals("0x01", i2cget(chip, 0x30, "b"));
    }

    @Test
    void threadsOnDifferentChipsOfOneBusKeepTheirAddresses() throws Exception {
        List<Integer> chips = KernelEnv.i2cStubAddresses();
        try (ExecutorService pool = Executors.newFixedThreadPool(chips.size())) {
            List<Future<Integer>> results = chips.stream().map(a -> pool.submit(() -> {
                I2cDevice d = bus.device(a);
                int bad = 0;
                for (int i = 0; i < 300; i++) {
                    d.writeByteData(0x80, (a + i) & 0xFF);
                    bad += d.readByteData(0x80) == ((a + i) & 0xFF) ? 0 : 1;
                }
                return bad;
            })).toList();
            for (Future<Integer> r : results) {
                assertEquals(0, r.get());
            }
        }
        for (int a : chips) {
            assertEquals(hex((a + 299) & 0xFF), i2cget(a, 0x80, "b"));
        }
    }

    @Test
    void aBusThatDoesNotExistSaysToLoadI2cDev() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> buses.bus(250));
        assertTrue(e.getMessage().contains("modprobe i2c-dev"), e.getMessage());
    }
}

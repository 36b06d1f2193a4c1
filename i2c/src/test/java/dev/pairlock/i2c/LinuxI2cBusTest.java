package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cArbitrationLostException;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cMessage;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.libc.NativeErrno;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus over a stand-in kernel: marshalling, address caching, retries, errors, validation. */
class LinuxI2cBusTest {
    private static final long HIGH_BIT = 1L << 40; // beyond a 4-byte read of the unsigned long

    private final FakeI2cKernel kernel = new FakeI2cKernel(I2cFunctionality.SMBUS_EMUL
            | I2cFunctionality.SMBUS_READ_BLOCK_DATA | HIGH_BIT).withDevice(0x50).withDevice(0x51);
    private final List<LinuxI2cBus> opened = new ArrayList<>();

    private LinuxI2cBus open(FakeI2cKernel k, I2cSettings settings) {
        LinuxI2cBus bus = LinuxI2cBus.open(3, "/dev/null", "i2c-3 (fake)", settings, k);
        opened.add(bus);
        return bus;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(LinuxI2cBus::close);
    }

    @Test
    void functionalityIsReadAsAFullUnsignedLong() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        assertEquals(I2cFunctionality.SMBUS_EMUL | I2cFunctionality.SMBUS_READ_BLOCK_DATA | HIGH_BIT,
                bus.functionality().mask());
    }

    @Test
    void settingsAreAppliedAtOpenAndOnConfigure() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        assertEquals(50, kernel.timeout);
        assertEquals(1, kernel.retries);
        bus.configure(new I2cSettings(Duration.ofMillis(30), 4));
        assertEquals(3, kernel.timeout);
        assertEquals(4, kernel.retries);
        assertEquals(4, bus.settings().retries());
    }

    @Test
    void everySmbusOperationRoundTrips() {
        I2cDevice d = open(kernel, I2cSettings.DEFAULT).device(0x50);
        d.quick(false);
        d.quick(true);
        d.writeByteData(0x10, 0xA5);
        assertEquals(0xA5, d.readByteData(0x10));
        d.writeWordData(0x20, 0xBEEF);
        assertEquals(0xBEEF, d.readWordData(0x20));
        assertEquals(0xEF, d.readByteData(0x20), "SMBus words are little-endian on the wire");
        d.writeI2cBlockData(0x40, new byte[] {1, 2, 3, 4, 5}, 5);
        byte[] got = new byte[5];
        d.readI2cBlockData(0x40, got, 5);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, got);
        d.writeBlockData(0x60, new byte[] {9, 8, 7}, 3);
        byte[] block = new byte[I2cDevice.MAX_BLOCK];
        assertEquals(3, d.readBlockData(0x60, block));
        assertArrayEquals(new byte[] {9, 8, 7}, java.util.Arrays.copyOf(block, 3));
        d.writeByte(0x7E);
        assertEquals(0x7E, d.readByte());
    }

    @Test
    void theSelectedAddressIsCachedPerBus() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        I2cDevice a = bus.device(0x50);
        I2cDevice b = bus.device(0x51);
        a.readByteData(0);
        a.readByteData(1);
        a.writeByteData(2, 3);
        assertEquals(1, kernel.count(I2cAbi.I2C_SLAVE));
        b.readByteData(0);
        a.readByteData(0);
        assertEquals(3, kernel.count(I2cAbi.I2C_SLAVE));
        bus.device(I2cAddress.forced(0x50)).readByteData(0);
        assertEquals(1, kernel.count(I2cAbi.I2C_SLAVE_FORCE), "a forced address is selected with I2C_SLAVE_FORCE");
        assertEquals(3, kernel.count(I2cAbi.I2C_SLAVE));
    }

    @Test
    void anAbsentAddressIsNoAcknowledgeNamingBusAddressAndRegister() {
        I2cDevice ghost = open(kernel, I2cSettings.DEFAULT).device(0x2A);
        I2cNoAcknowledgeException e = assertThrows(I2cNoAcknowledgeException.class, () -> ghost.readByteData(0x11));
        assertEquals(3, e.bus());
        assertEquals(0x2A, e.address());
        assertEquals(0x11, e.register());
        assertEquals(NativeErrno.ENXIO, e.errno());
    }

    @Test
    void aProbeOfAnAbsentAddressAnswersNoAcknowledgeAndOfAPresentOneTheValue() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        bus.device(0x50).writeWordData(0x11, 0xBEEF);
        assertEquals(0xEF, bus.device(0x50).probeByteData(0x11));
        assertEquals(0xBEEF, bus.device(0x50).probeWordData(0x11));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, bus.device(0x2A).probeByteData(0x11));
        assertEquals(I2cDevice.NO_ACKNOWLEDGE, bus.device(0x2A).probeWordData(0x11));
        for (int nack : new int[] {NativeErrno.EREMOTEIO, NativeErrno.ENODEV}) {
            kernel.failNextTransactions.add(nack);
            assertEquals(I2cDevice.NO_ACKNOWLEDGE, bus.device(0x50).probeByteData(0x11), "errno " + nack);
        }
        assertEquals(0xEF, bus.device(0x50).probeByteData(0x11), "the bus is usable after a probe that found nobody");
    }

    @Test
    void aProbeStillThrowsEveryFailureThatIsNotAnAbsentTarget() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        kernel.failNextTransactions.add(NativeErrno.ETIMEDOUT);
        I2cTimeoutException t = assertThrows(I2cTimeoutException.class, () -> bus.device(0x50).probeByteData(0x12));
        assertEquals(3, t.bus());
        assertEquals(0x50, t.address());
        assertEquals(0x12, t.register());
        kernel.failNextTransactions.add(NativeErrno.EIO);
        assertThrows(I2cBusErrorException.class, () -> bus.device(0x50).probeWordData(0x12));
        kernel.claimedByKernelDriver.add(0x51);
        assertThrows(I2cBusBusyException.class, () -> bus.device(0x51).probeByteData(0), "selecting is not probing");
        assertThrows(HalArgumentException.class, () -> bus.device(0x50).probeByteData(256));
    }

    @Test
    void anAddressClaimedByAKernelDriverIsBusyUnlessForced() {
        kernel.claimedByKernelDriver.add(0x50);
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        I2cBusBusyException e = assertThrows(I2cBusBusyException.class, () -> bus.device(0x50).readByteData(0));
        assertTrue(e.getMessage().contains("unbind"), e.getMessage());
        bus.device(I2cAddress.forced(0x50)).writeByteData(1, 2);
        assertEquals(2, bus.device(I2cAddress.forced(0x50)).readByteData(1));
    }

    @Test
    void arbitrationLossIsRetriedWithinTheConfiguredRetries() {
        LinuxI2cBus bus = open(kernel, new I2cSettings(Duration.ofMillis(100), 2));
        assertEquals(2, kernel.retries, "the retry policy is the kernel's I2C_RETRIES");
        bus.device(0x50).writeByteData(5, 0x55);
        kernel.failNextTransactions.addAll(List.of(NativeErrno.EAGAIN, NativeErrno.EAGAIN));
        long before = kernel.count(I2cAbi.I2C_SMBUS);
        assertEquals(0x55, bus.device(0x50).readByteData(5));
        assertEquals(1, kernel.count(I2cAbi.I2C_SMBUS) - before, "no second layer of retries in userspace");
        assertEquals(2, kernel.kernelRetries);

        kernel.failNextTransactions.addAll(List.of(NativeErrno.EAGAIN, NativeErrno.EAGAIN, NativeErrno.EAGAIN));
        I2cArbitrationLostException e = assertThrows(I2cArbitrationLostException.class,
                () -> bus.device(0x50).readByteData(5));
        assertEquals(NativeErrno.EAGAIN, e.errno());
    }

    @Test
    void aTimeoutIsNotRetried() {
        LinuxI2cBus bus = open(kernel, new I2cSettings(Duration.ofMillis(100), 5));
        bus.device(0x50).readByteData(0);
        kernel.failNextTransactions.add(NativeErrno.ETIMEDOUT);
        long before = kernel.count(I2cAbi.I2C_SMBUS);
        I2cTimeoutException e = assertThrows(I2cTimeoutException.class, () -> bus.device(0x50).writeWordData(0x30, 1));
        assertEquals(0x30, e.register());
        assertEquals(1, kernel.count(I2cAbi.I2C_SMBUS) - before);
    }

    @Test
    void combinedTransfersNeedPlainI2cSupport() {
        LinuxI2cBus smbusOnly = open(kernel, I2cSettings.DEFAULT);
        I2cAddress a = I2cAddress.of(0x50);
        int before = kernel.total();
        I2cUnsupportedException e = assertThrows(I2cUnsupportedException.class,
                () -> smbusOnly.transfer(List.of(I2cMessage.write(a, (byte) 0))));
        assertTrue(e.getMessage().contains("SMBus-only"), e.getMessage());
        assertEquals(before, kernel.total(), "refused before any ioctl");
    }

    @Test
    void aCombinedWriteThenReadRoundTrips() {
        FakeI2cKernel full = new FakeI2cKernel(I2cFunctionality.I2C | I2cFunctionality.SMBUS_EMUL).withDevice(0x50);
        LinuxI2cBus bus = open(full, I2cSettings.DEFAULT);
        I2cAddress a = I2cAddress.of(0x50);
        bus.transfer(List.of(I2cMessage.write(a, (byte) 0x08, (byte) 0x11, (byte) 0x22, (byte) 0x33)));
        I2cMessage read = I2cMessage.read(a, 3);
        bus.transfer(List.of(I2cMessage.write(a, (byte) 0x08), read));
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, read.buffer());
        assertEquals(0x22, bus.device(0x50).readByteData(0x09));

        List<I2cMessage> tooMany = Collections.nCopies(43, I2cMessage.write(a, (byte) 0));
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> bus.transfer(tooMany));
        assertTrue(e.getMessage().contains("1..42"), e.getMessage());
    }

    @Test
    void operationsTheAdapterLacksAreRefusedBeforeTheBus() {
        FakeI2cKernel stub = new FakeI2cKernel(I2cFunctionality.SMBUS_EMUL).withDevice(0x50);
        LinuxI2cBus bus = open(stub, I2cSettings.DEFAULT);
        int before = stub.total();
        I2cUnsupportedException e = assertThrows(I2cUnsupportedException.class,
                () -> bus.device(0x50).readBlockData(0, new byte[32]));
        assertTrue(e.getMessage().contains("SMBus block read"), e.getMessage());
        assertEquals(before, stub.total());
    }

    @Test
    void badArgumentsAreRejectedBeforeAnySyscall() {
        I2cDevice d = open(kernel, I2cSettings.DEFAULT).device(0x50);
        int before = kernel.total();
        List<Runnable> bad = List.of(
                () -> d.readByteData(256), () -> d.readByteData(-1), () -> d.writeByteData(0, 256),
                () -> d.writeWordData(0, 0x10000), () -> d.writeByte(-1),
                () -> d.writeI2cBlockData(0, new byte[40], 33), () -> d.writeBlockData(0, new byte[2], 3),
                () -> d.readI2cBlockData(0, new byte[4], 0), () -> d.readBlockData(0, new byte[8]));
        for (Runnable r : bad) {
            HalArgumentException e = assertThrows(HalArgumentException.class, r::run);
            assertTrue(e.getMessage().startsWith("I2C bus 3, address 0x50: "), e.getMessage());
        }
        assertEquals(before, kernel.total());
    }

    @Test
    void aClosedBusSaysSo() {
        LinuxI2cBus bus = open(kernel, I2cSettings.DEFAULT);
        bus.close();
        assertTrue(kernel.closed);
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> bus.device(0x50).readByte());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}

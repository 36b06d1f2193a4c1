package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real open(2)/ioctl(2) against nodes that are not adapters: the bad-setup messages. */
class LinuxI2cBusesTest {
    @TempDir
    Path dir;

    @Test
    void numbersComeFromSysfsAndDevSorted() throws IOException {
        Path dev = Files.createDirectory(dir.resolve("dev"));
        Path sys = Files.createDirectory(dir.resolve("sys"));
        Files.createDirectory(sys.resolve("i2c-10"));
        Files.createDirectory(sys.resolve("i2c-2"));
        Files.createFile(dev.resolve("i2c-0"));
        Files.createFile(dev.resolve("i2c-2"));
        Files.createFile(dev.resolve("i2c-x"));
        assertEquals(List.of(0, 2, 10), new LinuxI2cBuses(dev, sys, I2cSettings.DEFAULT).numbers());
    }

    @Test
    void theAdapterNameComesFromSysfs() throws IOException {
        Path sys = dir.resolve("sys");
        Files.createDirectories(sys.resolve("i2c-3"));
        Files.writeString(sys.resolve("i2c-3/name"), "SMBus stub driver\n");
        LinuxI2cBuses buses = new LinuxI2cBuses(dir, sys, I2cSettings.DEFAULT);
        assertEquals("i2c-3 (SMBus stub driver)", buses.name(3));
        assertEquals("i2c-4", buses.name(4));
    }

    @Test
    void aMissingNodeSaysToLoadI2cDev() {
        try (LinuxI2cBuses buses = new LinuxI2cBuses(dir, dir.resolve("nosys"), I2cSettings.DEFAULT)) {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> buses.bus(7));
            assertEquals(dir.resolve("i2c-7").toString(), e.device());
            assertTrue(e.getMessage().contains("modprobe i2c-dev"), e.getMessage());
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
    }

    @Test
    void devNullIsRejectedAsNotAnI2cDevNode() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> LinuxI2cBus.open(0, "/dev/null", "i2c-0", I2cSettings.DEFAULT));
        assertEquals("/dev/null", e.device());
        assertTrue(e.getMessage().contains("is not an i2c-dev node (I2C_FUNCS ioctl: ENOTTY)"), e.getMessage());
    }

    @Test
    void aNegativeBusNumberIsAnArgumentError() {
        try (LinuxI2cBuses buses = new LinuxI2cBuses(dir, dir, I2cSettings.DEFAULT)) {
            HalArgumentException e = assertThrows(HalArgumentException.class, () -> buses.bus(-1));
            assertTrue(e.getMessage().contains("i2cdetect -l"), e.getMessage());
        }
    }
}

package dev.pairlock.gpio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which chips' line values may take the critical ioctl handle, on sysfs trees laid out as the
 * kernel lays them out (devices under /sys/devices, a {@code subsystem} link per device to its bus,
 * /sys/bus/gpio/devices/gpiochipN linking to the chip's device).
 */
class ChipBusTest {
    @TempDir
    Path sys;

    /** Creates {@code devices/<path>} with a subsystem link per bus-bearing component and the gpio bus link. */
    private void chip(String chipName, String devicePath, String... busesOfAncestors) throws IOException {
        Path bus = Files.createDirectories(sys.resolve("bus"));
        Path dir = sys.resolve("devices");
        String[] parts = devicePath.split("/");
        for (int i = 0; i < parts.length; i++) {
            dir = Files.createDirectories(dir.resolve(parts[i]));
            String b = i < busesOfAncestors.length ? busesOfAncestors[i] : null;
            if (b != null && !b.isEmpty()) {
                Files.createDirectories(bus.resolve(b));
                Files.createSymbolicLink(dir.resolve("subsystem"), bus.resolve(b));
            }
        }
        Path chip = Files.createDirectories(dir.resolve(chipName));
        Files.createDirectories(bus.resolve("gpio/devices"));
        Files.createSymbolicLink(chip.resolve("subsystem"), bus.resolve("gpio"));
        Files.createSymbolicLink(bus.resolve("gpio/devices").resolve(chipName), chip);
    }

    @Test
    void aSocOrSimulatorChipOnThePlatformBusNeverWaits() throws IOException {
        chip("gpiochip0", "platform/gpio-sim.0", "", "platform");
        chip("gpiochip1", "platform/soc/3f200000.gpio", "", "", "platform");
        assertTrue(ChipBus.valuesNeverWait(sys, "gpiochip0"));
        assertTrue(ChipBus.valuesNeverWait(sys, "gpiochip1"));
    }

    @Test
    void aPciChipNeverWaits() throws IOException {
        chip("gpiochip2", "pci0000:00/0000:00:1f.1", "", "pci");
        assertTrue(ChipBus.valuesNeverWait(sys, "gpiochip2"));
    }

    @Test
    void anExpanderBehindI2cSpiUsbOrVirtioWaitsEvenUnderAMemoryMappedController() throws IOException {
        chip("gpiochip3", "pci0000:00/0000:00:15.0/i2c_designware.0/i2c-1/1-0020", "", "pci", "platform", "i2c", "i2c");
        chip("gpiochip4", "platform/soc/spi0/spi0.1", "", "", "platform", "spi");
        chip("gpiochip5", "pci0000:00/0000:00:14.0/usb1/1-1", "", "pci", "usb", "usb");
        chip("gpiochip6", "pci0000:00/0000:00:05.0/virtio3", "", "pci", "virtio");
        for (String c : new String[] {"gpiochip3", "gpiochip4", "gpiochip5", "gpiochip6"}) {
            assertFalse(ChipBus.valuesNeverWait(sys, c), c);
        }
    }

    @Test
    void theAggregatorForwardsToChipsThatMayWait() throws IOException {
        chip("gpiochip7", "platform/gpio-aggregator.0", "", "platform");
        Path agg = sys.resolve("devices/platform/gpio-aggregator.0");
        Path driver = Files.createDirectories(sys.resolve("bus/platform/drivers/gpio-aggregator"));
        Files.createSymbolicLink(agg.resolve("driver"), driver);
        assertFalse(ChipBus.valuesNeverWait(sys, "gpiochip7"));
    }

    @Test
    void aChipSysfsDoesNotDescribeOrOnlyVirtualAncestorsUseThePlainHandle() throws IOException {
        assertFalse(ChipBus.valuesNeverWait(sys, "gpiochip9"), "no such entry");
        chip("gpiochip8", "virtual/misc", "", "");
        assertFalse(ChipBus.valuesNeverWait(sys, "gpiochip8"), "no bus at all: unknown");
        assertFalse(ChipBus.valuesNeverWait(sys, "../../etc"), "not a chip name");
    }
}

package dev.pairlock.gpio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Whether a GPIO chip's line-value ioctls may go through libc's critical path without errno capture
 * ({@code IdempotentIoctl.tryCritical}), decided from where the chip sits in sysfs. The uAPI does not say
 * whether a chip sleeps; its device's ancestry does. A chip whose ancestors are all memory-mapped
 * (SoC {@code platform}/{@code amba} devices, {@code pci}) reads and writes its lines with register
 * accesses, so GPIO_V2_LINE_GET/SET_VALUES returns in about a microsecond without waiting for
 * anything. A chip behind a bus ({@code i2c}, {@code spi}, {@code usb}, {@code virtio}, ...) does a
 * bus transfer inside the ioctl, and {@code gpio-aggregator} forwards to other chips that may:
 * those keep the plain handle with errno captured on the first call (a transfer's failure is transient:
 * a repeat would not reproduce it), as does a chip whose sysfs entry cannot be read (unknown means no).
 */
final class ChipBus {
    /** Buses whose devices are reached by register accesses, never by a transfer that waits. */
    private static final Set<String> MEMORY_MAPPED = Set.of("platform", "amba", "pci");
    /** Platform drivers that forward line values to other chips, which may sleep. */
    private static final Set<String> FORWARDING_DRIVERS = Set.of("gpio-aggregator");

    private ChipBus() {
    }

    /**
     * @param sysfs    normally {@code /sys}
     * @param chipName the kernel's chip name, e.g. {@code gpiochip0} (GPIO_GET_CHIPINFO's name)
     */
    static boolean valuesNeverWait(Path sysfs, String chipName) {
        Path device;
        try {
            device = sysfs.resolve("bus/gpio/devices").resolve(chipName).toRealPath();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        Path devices = sysfs.resolve("devices");
        try {
            devices = devices.toRealPath();
        } catch (IOException e) {
            return false;
        }
        boolean memoryMapped = false;
        for (Path p = device.getParent(); p != null && p.startsWith(devices) && !p.equals(devices); p = p.getParent()) {
            String bus = linkName(p.resolve("subsystem"));
            if (bus == null) {
                continue; // a plain directory (e.g. /sys/devices/platform itself)
            }
            String driver = linkName(p.resolve("driver"));
            if (!MEMORY_MAPPED.contains(bus) || (driver != null && FORWARDING_DRIVERS.contains(driver))) {
                return false;
            }
            memoryMapped = true;
        }
        return memoryMapped;
    }

    private static String linkName(Path link) {
        try {
            return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link).getFileName().toString() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

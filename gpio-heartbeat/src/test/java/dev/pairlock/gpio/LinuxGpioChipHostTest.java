package dev.pairlock.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.libc.NativeErrno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What can be checked on a host without GPIO chips: the error paths of opening one. */
class LinuxGpioChipHostTest {

    @Test
    void devNullIsNotAGpioChip() throws IOException {
        long before = openFds();
        NotAGpioChipException e = assertThrows(NotAGpioChipException.class, () -> LinuxGpioChip.open("/dev/null"));
        assertEquals("/dev/null", e.chip());
        assertEquals(NativeErrno.ENOTTY, e.errno());
        assertTrue(e.getMessage().contains("not a GPIO character device") && e.getMessage().contains("/dev/gpiochipN"),
                e.getMessage());
        assertEquals(before, openFds(), "the fd opened for the probe is closed again");
    }

    @Test
    void missingChipSaysWhereToLook() {
        GpioChipUnavailableException e = assertThrows(GpioChipUnavailableException.class,
                () -> LinuxGpioChip.open("/dev/gpiochip-does-not-exist"));
        assertEquals(NativeErrno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/dev/gpiochip-does-not-exist") && e.getMessage().contains("ls /dev/gpiochip"),
                e.getMessage());
    }

    @Test
    void permissionDeniedNamesTheGpioGroup() {
        var e = GpioErrno.opening("/dev/gpiochip0", NativeErrno.EACCES);
        assertTrue(e instanceof GpioChipUnavailableException);
        assertTrue(e.getMessage().contains("gpio group or a udev rule"), e.getMessage());
    }

    @Test
    void busyNamesTheHolder() {
        var e = new GpioLineBusyException("/dev/gpiochip1", 3, NativeErrno.EBUSY, "sc-heartbeat");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("/dev/gpiochip1 line 3") && e.getMessage().contains("held by consumer 'sc-heartbeat'"),
                e.getMessage());
    }

    @Test
    void labelScanListsWhatItFound(@TempDir Path dev) throws IOException {
        Files.createFile(dev.resolve("gpiochip10"));
        Files.createFile(dev.resolve("gpiochip2"));
        Files.createFile(dev.resolve("gpiochipX"));
        assertEquals(java.util.List.of(dev + "/gpiochip2", dev + "/gpiochip10"), LinuxGpioChip.chipPaths(dev));
        GpioChipUnavailableException e = assertThrows(GpioChipUnavailableException.class,
                () -> LinuxGpioChip.openByLabel(dev, "gpio-sim.0-node0"));
        assertTrue(e.getMessage().contains("no chip labelled 'gpio-sim.0-node0'") && e.getMessage().contains("gpiochip2"),
                e.getMessage());
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}

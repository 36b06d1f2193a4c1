package dev.pairlock.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigException;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.spll.SlotWiring;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux backend against what any machine has: plain files as register windows, an empty or
 * fake device directory. Nothing is opened until used; what fails names the platform file's key.
 * (kernel-it runs it against real i2c-stub, gpio-sim and ivshmem devices through scctl.)
 */
class LinuxBackendTest {
    @TempDir
    Path dir;

    private PlatformConfig config(String text) throws Exception {
        Path f = dir.resolve("sc1.conf");
        Files.writeString(f, text);
        return PlatformFile.load(f);
    }

    private LinuxBackend open(PlatformConfig c) throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path sys = Files.createDirectories(dir.resolve("sys"));
        return LinuxBackend.builder(c).devices(dev, sys).consumer("platform-test").open();
    }

    @Test
    void aChipThatCannotBeOpenedIsNamedEveryTimeAndNeverHidesTheRest() throws Exception {
        PlatformConfig c = config("""
                sc = sc1
                heartbeat.in = gpiochip7:hb-in
                """);
        Files.createDirectories(dir.resolve("dev"));
        Files.writeString(dir.resolve("dev/gpiochip0"), "");   // a plain file: ENOTTY, not a GPIO chip
        try (LinuxBackend b = open(c)) {
            HalException first = assertThrows(HalException.class, b::gpioChips);
            assertTrue(first.getMessage().contains(dir.resolve("dev/gpiochip0").toString()), first.getMessage());
            // before, the failed scan counted as done: the second call said "no chips" and lookups
            // blamed the name, not the chip that would not open
            HalException again = assertThrows(HalException.class, b::gpioChips);
            assertEquals(first.getMessage(), again.getMessage());
            HalArgumentException lookup = assertThrows(HalArgumentException.class, () -> b.gpioChip("gpiochip7"));
            assertTrue(lookup.getMessage().startsWith("GPIO chip 'gpiochip7' not found: known are no GPIO chips"), lookup.getMessage());
            assertTrue(lookup.getMessage().contains("; not opened: " + first.getMessage()), lookup.getMessage());
        }
    }

    @Test
    void aResetLineThatWouldNotWorkIsFoundWithoutDrivingIt() throws Exception {
        PlatformConfig c = config("""
                sc = sc1
                reset.out = gpiochip9:reset-out
                """);
        try (LinuxBackend b = open(c)) {
            var reset = b.controller(ScId.SC1).resetToPeer().orElseThrow();
            String problem = reset.problem().orElseThrow();
            assertEquals(dir.resolve("sc1.conf") + ":2: reset.out: gpiochip9:reset-out: GPIO chip 'gpiochip9' not found:"
                    + " known are no GPIO chips (give a chip by name, number, label or path; see 'scctl gpio detect')", problem);
            assertEquals(false, reset.asserted());
        }
    }

    @Test
    void buildingTheBackendOpensNothing() throws Exception {
        PlatformConfig c = config("""
                sc = sc1
                slot.0.bus = 7
                gchip.device = absent/gchip.bin
                gchip.size = 0x10
                window.bar.device = absent/bar.bin
                window.bar.size = 0x100
                heartbeat.in = gpiochip9:hb-in
                reset.out = gpiochip9:reset-out
                """);
        Files.createDirectories(dir.resolve("dev"));
        Files.writeString(dir.resolve("dev/i2c-7"), "");
        Files.writeString(dir.resolve("dev/i2c-3"), "");
        try (LinuxBackend b = open(c)) {
            ControllerHardware hw = b.controller(ScId.SC1);
            // what 'scctl i2c detect -l' needs works although no window and no GPIO chip exists
            assertEquals(List.of(3, 7), hw.buses().numbers());
            assertEquals(List.of("gchip", "bar"), b.registerWindowNames());
            assertTrue(hw.resetToPeer().isPresent(), "reset.out is configured, not yet requested");
            assertEquals(new SlotWiring(7, 0x23), c.boards().slots().get(0));
            // the parts fail when used, naming the file, line and key
            DeviceUnavailableException gchip = assertThrows(DeviceUnavailableException.class, () -> hw.gchip().refSel());
            assertTrue(gchip.getMessage().startsWith(dir.resolve("sc1.conf") + ":3: gchip.device = " + dir.resolve("absent/gchip.bin")
                    + ": cannot be opened (ENOENT"), gchip.getMessage());
            assertTrue(gchip.getMessage().endsWith("(create the file or fix the path)"), gchip.getMessage());
            ConfigException line = assertThrows(ConfigException.class, () -> hw.heartbeatIn().edgeCount());
            assertEquals(dir.resolve("sc1.conf") + ":7: heartbeat.in: gpiochip9:hb-in: GPIO chip 'gpiochip9' not found:"
                    + " known are no GPIO chips (give a chip by name, number, label or path; see 'scctl gpio detect')", line.getMessage());
            HalException bus = assertThrows(HalException.class, () -> hw.boards().board(0).presence());
            assertTrue(bus.getMessage().contains(dir.resolve("dev/i2c-7").toString()), "slot 0 is on the wired bus: " + bus.getMessage());
        }
    }

    @Test
    void partsTheFileDoesNotDescribeNameTheKeyToSet() throws Exception {
        PlatformConfig c = config("sc = sc1\n");
        try (LinuxBackend b = open(c)) {
            ControllerHardware hw = b.hardware();
            NotConfiguredException g = assertThrows(NotConfiguredException.class, () -> hw.gchip().setRefSel(RefSel.LEADER));
            assertEquals(dir.resolve("sc1.conf") + ": no Gchip register window configured (set gchip.device in the platform file)",
                    g.getMessage());
            assertEquals("gchip.device", g.key());
            assertEquals("heartbeat.in", assertThrows(NotConfiguredException.class, () -> hw.heartbeatIn().edgeCount()).key());
            assertEquals("heartbeat.out", assertThrows(NotConfiguredException.class, () -> hw.heartbeatOut().beat()).key());
            assertTrue(hw.resetToPeer().isEmpty(), "no reset.out: this SC cannot fence its peer");
            assertTrue(b.registerWindow("bar").isEmpty());
            assertTrue(assertThrows(HalException.class, () -> hw.peerLink().send(new byte[1])).getMessage()
                    .contains("the peer link belongs to the failover daemon (pairlockd)"));
            HalArgumentException other = assertThrows(HalArgumentException.class, () -> b.controller(ScId.SC0));
            assertEquals(dir.resolve("sc1.conf") + " describes SC1's hardware, not SC0 (use SC0's platform file on SC0)", other.getMessage());
        }
    }

    @Test
    void theGchipRunsOverAMappedFileInTheConfiguredLayout() throws Exception {
        Path regs = dir.resolve("gchip.bin");
        ByteBuffer init = ByteBuffer.allocate(0x20).order(ByteOrder.nativeOrder());
        init.putInt(0x18, 1 << 6); // PEER_CLOCK set, PHASE_LOCK clear
        Files.write(regs, init.array());
        PlatformConfig c = config("""
                sc = sc1
                gchip.device = gchip.bin
                gchip.size = 0x20
                gchip.refsel = 0x10:3
                gchip.phase_lock = 0x18:5
                gchip.peer_clock = 0x18:6
                """);
        try (LinuxBackend b = open(c)) {
            var gchip = b.hardware().gchip();
            assertEquals(RefSel.FOLLOWER, gchip.refSel());
            assertTrue(gchip.peerClockPresent());
            assertTrue(!gchip.phaseLocked());
            gchip.setRefSel(RefSel.LEADER);
            assertEquals(1 << 3, b.registerWindow("gchip").orElseThrow().read32(0x10, AccessMode.VOLATILE));
            b.close();
            // before, a use after close mapped the file again, and nothing unmapped it
            DeviceUnavailableException late = assertThrows(DeviceUnavailableException.class, () -> b.registerWindow("gchip"));
            assertTrue(late.getMessage().startsWith(dir.resolve("sc1.conf") + ":2: gchip.device = "), late.getMessage());
            assertTrue(late.getMessage().contains("the backend is closed"), late.getMessage());
            assertThrows(DeviceUnavailableException.class, gchip::refSel);
            DeviceUnavailableException chips = assertThrows(DeviceUnavailableException.class, b::gpioChips);
            assertTrue(chips.getMessage().contains("the backend is closed"), chips.getMessage());
        }
        ByteBuffer after = ByteBuffer.wrap(Files.readAllBytes(regs)).order(ByteOrder.nativeOrder());
        assertEquals(1 << 3, after.getInt(0x10), "REF_SEL reached the mapped file at 0x10 bit 3");
    }

    @Test
    void aWindowTheDeviceCannotHoldIsReportedAtItsLine() throws Exception {
        Files.write(dir.resolve("short.bin"), new byte[8]);
        PlatformConfig c = config("sc = sc1\nwindow.regs.device = short.bin\nwindow.regs.size = 0x10\n");
        try (LinuxBackend b = open(c)) {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> b.registerWindow("regs"));
            assertEquals(dir.resolve("sc1.conf") + ":2: window.regs.device = " + dir.resolve("short.bin") + ": is 8 bytes but"
                    + " the window ends at byte 16 (extend the file (truncate -s 16 " + dir.resolve("short.bin")
                    + ") or shrink the window)", e.getMessage());
        }
    }

    @Test
    void aDeviceThatCannotBeMappedIsAPlatformFileError() throws Exception {
        PlatformConfig c = config("sc = sc1\ngchip.device = /dev/null\ngchip.size = 16\n");
        try (LinuxBackend b = open(c)) {
            ConfigException e = assertThrows(ConfigException.class, () -> b.hardware().gchip().phaseLocked());
            assertEquals(dir.resolve("sc1.conf") + ":2: gchip.device: '/dev/null' cannot be memory-mapped (ENODEV): name a"
                    + " device that can (/dev/mem, /dev/uioN, a PCI resourceN file or a plain file)", e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAGpioChipFailsWhenUsedNamingIt() throws Exception {
        Files.writeString(dir.resolve("notachip"), "x");
        PlatformConfig c = config("sc = sc1\nheartbeat.out = " + dir.resolve("notachip") + ":0\n");
        try (LinuxBackend b = open(c)) {
            HalException e = assertThrows(HalException.class, () -> b.hardware().heartbeatOut().beat());
            assertTrue(e.getMessage().contains(dir.resolve("notachip").toString()), e.getMessage());
            assertInstanceOf(HalException.class, e);
        }
    }

    @Test
    void scanningAnEmptyDeviceDirectoryFindsNoChipsAndClosingReleasesAll() throws Exception {
        PlatformConfig c = config("sc = sc1\n");
        LinuxBackend b = open(c);
        assertTrue(b.gpioChips().isEmpty());
        assertTrue(b.hardware().buses().numbers().isEmpty());
        b.close();
        assertThrows(DeviceUnavailableException.class, () -> b.hardware().buses().bus(0), "closed buses are refused");
        assertEquals("linux", b.name());
    }
}

package dev.pairlock.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pairlock.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of bad platform files and the exact one-line error each gets: {@code file:line: key: what is wrong}. */
class BadPlatformFilesTest {
    private static final String F = PlatformFileTest.F.toString();

    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("slots = 4\n", ":2: sc: is required: say whose hardware this machine is (sc = sc0 or sc1)"),
                bad("sc = sc2\n", ":1: sc: 'sc2' is not sc0 or sc1"),
                bad("sc = sc0\nslots = many\n", ":2: slots: 'many' is not a number (decimal, 0x hex or 0 octal)"),
                bad("sc = sc0\nslots = 300\n", ":2: slots: '300' is out of range 1..256 (0x1..0x100)"),
                bad("sc = sc0\nslots = 0x\n", ":2: slots: '0x' is not a number (decimal, 0x hex or 0 octal)"),
                bad("sc = sc0\nslots = 4\nslot.9.bus = 1\n", ":3: slot.9.bus: slot 9 is beyond slots = 4 (valid slots are 0..3)"),
                bad("sc = sc0\nslot.007.bus = 1\n", ":2: slot.007.bus: '007' is not a slot number: write slot.N.bus with N in 0..17 (no leading zeros)"),
                bad("sc = sc0\nslot.1.address = 0x78\n", ":2: slot.1.address: 0x78 is a reserved I2C address: a board's register device is at 0x03..0x77"),
                bad("sc = sc0\nslot.1.address = 0x80\n", ":2: slot.1.address: '0x80' is out of range 0..127"),
                bad("sc = sc0\nslot.1.buss = 3\n", ":2: slot.1.buss: is not a known key (slot keys: slot.N.bus, slot.N.address (N = 0..slots-1); see etc/sample.conf)"),
                bad("sc = sc0\nboard.lock_bit = 1\n", ":2: board.lock_bit: bit 1 is also board.input_present_bit: the SPLL status bits must be three different bits"),
                bad("sc = sc0\nboard.status_register = 0x10\n", ":2: board.status_register: register 0x10 is both the SPLL input-select and the SPLL status register: board.select_register and board.status_register must differ"),
                bad("sc = sc0\nboard.id_width = word\nboard.id_register = 0x0f\n", ":3: board.id_register: register 0x10 overlaps the board ID register pair at 0x0f"),
                bad("sc = sc0\nboard.id_width = nibble\n", ":2: board.id_width: 'nibble' is not one of: byte, word"),
                bad("sc = sc0\nboard.lock_bit = 8\n", ":2: board.lock_bit: '8' is out of range 0..7"),
                bad("sc = sc0\ni2c.timeout = 25ms\n", ":2: i2c.timeout: '25ms' is not a multiple of 10ms (Linux counts I2C timeouts in 10 ms units)"),
                bad("sc = sc0\ni2c.timeout = 500\n", ":2: i2c.timeout: '500' has no unit: write e.g. '500ms' (units: ns, us, ms, s, m, h)"),
                bad("sc = sc0\ni2c.timeout_ms = 250\n", ":2: i2c.timeout_ms: was renamed: write i2c.timeout with a unit, e.g. i2c.timeout = 500ms"),
                bad("sc = sc0\ngchip.device = /dev/mem\n", ":2: gchip.size: is missing: the window on '/dev/mem' needs its length in bytes, a multiple of 4 (e.g. gchip.size = 0x1000)"),
                bad("sc = sc0\ngchip.size = 16\n", ":2: gchip.device: is missing: gchip.size describes a register window, which needs the device to map (/dev/mem, /dev/uioN, a PCI resourceN file or a plain file)"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 0x1000\ngchip.offset = 0xfffffffffffff000\n", ":4: gchip.offset: '0xfffffffffffff000' is too large (a 64-bit signed number: -9223372036854775808..9223372036854775807)"),
                bad("sc = sc0\ngchip.device = /dev/uio0\ngchip.size = 0x1000\ngchip.offset = 0x7ffffffffffff800\n", ":4: gchip.offset: 0x7ffffffffffff800 plus the size 0x1000 overflows the 64-bit file offset that mmap takes"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 0x1000\ngchip.offset = 0x10000000000000\n", ":4: gchip.offset: 0x10000000000000 is beyond the 52-bit physical address space that /dev/mem maps (the window must end at or below 0x10000000000000)"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 0x1000\ngchip.offset = 0x1002\n", ":4: gchip.offset: 0x1002 is not a multiple of 4: 32-bit registers need 4-byte alignment"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 6\n", ":3: gchip.size: 6 bytes is not a multiple of 4: the window holds 32-bit registers"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 4\n", ":2: gchip.device: the window is 0x4 bytes but gchip.phase_lock is 0x4:0 by default: map at least 0x8 bytes (gchip.size) or move the bit"),
                bad("sc = sc0\ngchip.device = /dev/mem\ngchip.size = 16\ngchip.refsel = 0x10:0\n", ":4: gchip.refsel: register 0x10 lies beyond the Gchip window (gchip.size = 0x10)"),
                bad("sc = sc0\ngchip.peer_clock = 0x4:0\n", ":2: gchip.peer_clock: 0x4:0 is also gchip.phase_lock: REF_SEL, PHASE_LOCK and PEER_CLOCK are three different bits"),
                bad("sc = sc0\ngchip.refsel = 0x2:0\n", ":2: gchip.refsel: register 0x2 is not a multiple of 4: the Gchip has 32-bit registers"),
                bad("sc = sc0\ngchip.refsel = 0x0:32\n", ":2: gchip.refsel: '32' is out of range 0..31 (write REGISTER:BIT, e.g. 0x4:1)"),
                bad("sc = sc0\ngchip.refsel = 0\n", ":2: gchip.refsel: '0' is not REGISTER:BIT, e.g. 0x4:1 (bit 1 of the register at offset 0x4)"),
                bad("sc = sc0\nwindow.gchip.device = /dev/mem\n", ":2: window.gchip.device: the Gchip's window is set with gchip.device, gchip.offset and gchip.size"),
                bad("sc = sc0\nwindow.bar.offset = 0\n", ":2: window.bar.device: is missing: window.bar.offset describes a register window, which needs the device to map (/dev/mem, /dev/uioN, a PCI resourceN file or a plain file)"),
                bad("sc = sc0\nwindow.b.a.r.size = 4\n", ":2: window.b.a.r.size: is not a known key (window keys: window.NAME.device, window.NAME.offset, window.NAME.size (NAME: a-z, 0-9, _ and -); see etc/sample.conf)"),
                bad("sc = sc0\nheartbeat.in = gpiochip1\n", ":2: heartbeat.in: 'gpiochip1' is not CHIP:LINE, e.g. gpiochip1:hb-out or /dev/gpiochip1:0"),
                bad("sc = sc0\nheartbeat.in = :3\n", ":2: heartbeat.in: ':3' is not CHIP:LINE, e.g. gpiochip1:hb-out or /dev/gpiochip1:0"),
                bad("sc = sc0\nreset.in = maybe\n", ":2: reset.in: 'maybe' is not yes or no (also: true/false, on/off, 1/0)"),
                bad("sc = sc0\nfdt = 50ms\n", ":2: fdt: '50ms' is out of range 100ms..600s"),
                bad("sc = sc0\nfdt = 1\n", ":2: fdt: '1' has no unit: write e.g. '1ms' (units: ns, us, ms, s, m, h)"),
                bad("sc = sc0\nfailover.default = sometimes\n", ":2: failover.default: 'sometimes' is not yes or no (also: true/false, on/off, 1/0)"),
                bad("sc = sc0\nfailover.disable = yes\n", ":2: failover.disable: is not a known key (failover keys: failover.default, failover.disable_after_failover; see etc/sample.conf)"),
                bad("sc = sc0\npeer.primary.remote = 10.0.1.2:7301\n", ":2: peer.primary.local: is missing: the primary peer link needs the address and UDP port this SC binds (e.g. peer.primary.local = 10.0.1.1:7301)"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\n", ":2: peer.primary.remote: is missing: the primary peer link needs the peer's address and UDP port (e.g. peer.primary.remote = 10.0.1.2:7301)"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1\npeer.primary.remote = 10.0.1.2:7301\n", ":2: peer.primary.local: '10.0.1.1' is not ADDRESS:PORT (e.g. 10.0.1.2:7301, or [fd00::2]:7301 for IPv6)"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:0\npeer.primary.remote = 10.0.1.2:7301\n", ":2: peer.primary.local: the port '0' is not a UDP port (1..65535)"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = 10.0.1.256:7301\n", ":3: peer.primary.remote: '10.0.1.256' is not an IPv4 address"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = 10.1:7301\n", ":3: peer.primary.remote: '10.1' is not an IPv4 address (four numbers 0..255, e.g. 10.0.1.2)"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = [fd00::g]:7301\n", ":3: peer.primary.remote: 'fd00::g' is not an IPv6 address"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = sc_1:7301\n", ":3: peer.primary.remote: 'sc_1' is not an IP address or a host name"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = 0.0.0.0:7301\n", ":3: peer.primary.remote: '0.0.0.0' is the wildcard address: give the address the peer is reached at"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = 10.0.1.1:7301\n", ":3: peer.primary.remote: is the same as peer.primary.local: the peer is another machine"),
                bad("sc = sc0\npeer.primary.local = 10.0.1.1:7301\npeer.primary.remote = 10.0.1.2:7301\npeer.primary.interface = a-very-long-nic-name\n", ":4: peer.primary.interface: 'a-very-long-nic-name' is not a network interface name (1 to 15 characters, e.g. eth1)"),
                bad("sc = sc0\npeer.fallback.local = 10.0.0.1:7301\npeer.fallback.remote = 10.0.0.2:7301\n", ":2: peer.fallback.local: a fallback link needs a primary one: set peer.primary.local and peer.primary.remote (the fallback carries traffic only when the primary is down)"),
                bad("sc = sc0\nwatchdog.timeout = 10s\n", ":2: watchdog.timeout: is set but watchdog.device is not: name the watchdog (e.g. watchdog.device = /dev/watchdog0)"),
                bad("sc = sc0\nwatchdog.device = /dev/watchdog0\nwatchdog.timeout = 1500ms\n", ":3: watchdog.timeout: '1500ms' is not a whole number of seconds (the kernel sets watchdog timeouts in seconds)"),
                bad("sc = sc0\ncontrol.socket = /run/" + "x".repeat(120) + "\n", ":2: control.socket: the path is 125 bytes long; a Unix socket path is at most 107 bytes"),
                bad("sc = sc0\ncontrol.rt_priority = 100\n", ":2: control.rt_priority: '100' is out of range 0..99"),
                bad("sc = sc0\ncontrol.admin_group = 1005\n", ":2: control.admin_group: '1005' is not a group name (a letter or _ then up to 31 letters, digits, _, . or -; e.g. pairlock-admin)"),
                bad("sc = sc0\ncontrol.admin_group = sc admins\n", ":2: control.admin_group: 'sc admins' is not a group name (a letter or _ then up to 31 letters, digits, _, . or -; e.g. pairlock-admin)"),
                bad("sc = sc0\ncontrol.admin_group = " + "a".repeat(33) + "\n", ":2: control.admin_group: '" + "a".repeat(33) + "' is not a group name (a letter or _ then up to 31 letters, digits, _, . or -; e.g. pairlock-admin)"),
                bad("sc = sc0\ncontrol.admin = wheel\n", ":2: control.admin: is not a known key (control keys: control.socket, control.rt_priority, control.admin_group; see etc/sample.conf)"),
                bad("sc = sc0\nfirmware.version = 1.2.x\n", ":2: firmware.version: '1.2.x' is not a version: 1 to 4 dot-separated numbers, e.g. 5.20.1"),
                bad("sc = sc0\nslotz = 3\n", ":2: slotz: is not a known key (known: sc, slots, slot.N.bus, slot.N.address, board.*, i2c.timeout, i2c.retries,"
                        + " gchip.device|offset|size|refsel|phase_lock|peer_clock, window.NAME.device|offset|size, heartbeat.out,"
                        + " heartbeat.in, reset.out, reset.in, fdt, failover.default, failover.disable_after_failover,"
                        + " peer.primary|fallback.local|remote|interface, key.file, watchdog.device, watchdog.timeout, state.dir,"
                        + " control.socket, control.rt_priority, control.admin_group, firmware.version, sync.*, sel.*, snmp.*, notify.*,"
                        + " service.*; see etc/sample.conf)"),
                bad("\uFEFFsc = sc0\n", ":1: the file starts with a UTF-8 byte-order mark (BOM); save it as plain UTF-8 without one (e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)"),
                bad("sc = sc0\nslots = 1\u0000\u0001\n", ":2: contains the control character 0x00 at column 10 (a binary file given by mistake?)"),
                bad("sc = sc0\nsc = sc1\n", ":2: sc: is set twice (first on line 1)"),
                bad("sc = sc0\njust words\n", ":2: 'just words' is not 'key = value'"));
    }

    private static Arguments bad(String file, String message) {
        return Arguments.of(file, F + message);
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void eachBadFileGetsOneLineNamingFileLineAndKey(String file, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> PlatformFileTest.load(file));
        assertEquals(message, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void binaryGarbageIsRefusedAsSuch() {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff, (byte) 0xfe, 0, 0};
        ConfigException e = assertThrows(ConfigException.class, () -> PlatformFile.parse(PlatformFileTest.F, elf));
        assertEquals(F + ":1: is not UTF-8 text (a binary file given by mistake, or a file in another encoding?)", e.getMessage());
        byte[] ascii = "sc = sc0\n\u0007\u0002beep\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(F + ":2: contains the control character 0x07 at column 1 (a binary file given by mistake?)",
                assertThrows(ConfigException.class, () -> PlatformFile.parse(PlatformFileTest.F, ascii)).getMessage());
    }
}

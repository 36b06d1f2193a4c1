package dev.pairlock.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.clockregs.GchipLayout;
import dev.pairlock.config.ConfigException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.reg.BitField;
import dev.pairlock.spll.BoardRegisterMap;
import dev.pairlock.spll.SlotWiring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformFileTest {
    static final Path F = Path.of("/etc/pairlock/sc0.conf");
    private static final Path ETC = Path.of("..", "etc");

    static PlatformFile parse(String text) {
        return PlatformFile.parse(F, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses and runs the final unknown-key check, as a tool does. */
    static PlatformConfig load(String text) {
        PlatformFile pf = parse(text).skipOtherSections();
        pf.requireAllUsed();
        return pf.config();
    }

    @Test
    void theSampleParsesAndSaysWhatItWouldOpen() {
        PlatformConfig c = PlatformFile.load(ETC.resolve("sample.conf"));
        assertEquals(ScId.SC0, c.sc());
        assertEquals(18, c.slots());
        assertEquals(new SlotWiring(17, 0x23), c.boards().slots().get(17));
        assertEquals(BoardRegisterMap.DEFAULT, c.boards().registerMap());
        assertEquals(GchipLayout.DEFAULT, c.gchipLayout());
        assertEquals(0xfe000000L, c.gchipWindow().orElseThrow().offset());
        assertEquals("gpiochip1:hb-in", c.heartbeatIn().orElseThrow().toString());
        assertTrue(c.resetWiredToPeer() && c.resetWiredFromPeer());
        assertEquals(Duration.ofSeconds(1), c.failover().fdt());
        assertTrue(c.failover().enabledByDefault() && c.failover().disableAfterFailover());
        assertEquals("10.0.1.2:7301", c.primaryLink().orElseThrow().remote().toString());
        assertEquals(Optional.of("eth0"), c.fallbackLink().orElseThrow().networkInterface());
        assertEquals(List.of(1L, 0L, 0L), c.firmwareVersion().orElseThrow().parts());
        List<String> plan = c.describe();
        assertTrue(plan.contains("slot 3: /dev/i2c-3 address 0x23"), plan::toString);
        assertTrue(plan.contains("gchip: /dev/mem @0xfe000000 size 0x1000"), plan::toString);
        assertTrue(plan.contains("peer link fallback: 10.0.0.1:7301 -> 10.0.0.2:7301 on eth0"), plan::toString);
        assertTrue(plan.contains("watchdog: none"), plan::toString);
        assertEquals(10, c.controlRtPriority());
        assertEquals("pairlock-admin", c.controlAdminGroup(), "commented out in the sample: the default");
        assertTrue(plan.contains("control socket: /run/pairlock/control.sock (administrators: root, pairlockd's user, group pairlock-admin)"),
                plan::toString);
        assertTrue(plan.contains("control loop: SCHED_FIFO 10"), plan::toString);
    }

    @Test
    void theLabPairsFilesAreMirrorImages() {
        PlatformConfig sc0 = PlatformFile.load(ETC.resolve("sc0.conf"));
        PlatformConfig sc1 = PlatformFile.load(ETC.resolve("sc1.conf"));
        assertEquals(ScId.SC0, sc0.sc());
        assertEquals(ScId.SC1, sc1.sc());
        assertEquals(sc0.resetWiredToPeer(), sc1.resetWiredFromPeer());
        assertEquals(sc1.resetWiredToPeer(), sc0.resetWiredFromPeer());
        for (int i = 0; i < 2; i++) {
            PeerLinkConfig a = sc0.peerLinks().get(i);
            PeerLinkConfig b = sc1.peerLinks().get(i);
            assertEquals(a.local(), b.remote());
            assertEquals(a.remote(), b.local());
        }
    }

    @Test
    void aMinimalFileTakesEveryDefault() {
        PlatformConfig c = load("sc = SC1\n");
        assertEquals(ScId.SC1, c.sc());
        assertEquals(18, c.slots());
        assertEquals(new SlotWiring(5, 0x23), c.boards().slots().get(5));
        assertEquals(Duration.ofMillis(500), c.i2c().timeout());
        assertEquals(1, c.i2c().retries());
        assertTrue(c.windows().isEmpty());
        assertTrue(c.heartbeatIn().isEmpty() && c.resetOut().isEmpty());
        assertFalse(c.resetWiredFromPeer());
        assertTrue(c.peerLinks().isEmpty());
        assertEquals(PlatformConfig.DEFAULT_KEY_FILE, c.keyFile());
        assertEquals(PlatformConfig.DEFAULT_STATE_DIR, c.stateDir());
        assertEquals(PlatformConfig.DEFAULT_CONTROL_SOCKET, c.controlSocket());
        assertEquals(0, c.controlRtPriority(), "time-shared unless the file asks");
        assertEquals("pairlock-admin", c.controlAdminGroup());
        assertTrue(c.watchdog().isEmpty() && c.firmwareVersion().isEmpty());
        ConfigException need = assertThrows(ConfigException.class,
                () -> c.require(c.primaryLink(), "peer.primary.remote", "pairlockd talks to its peer over it"));
        assertEquals("/etc/pairlock/sc0.conf:2: peer.primary.remote: is required: pairlockd talks to its peer over it",
                need.getMessage());
    }

    @Test
    void slotsAreWiredToAnyBusAndAddressAndTheMapAndLayoutMove() {
        PlatformConfig c = load("""
                sc = sc0
                slots = 4
                slot.2.bus = 12
                slot.2.address = 0x41
                slot.3.address = 0x24
                board.id_width = word
                board.id_register = 0x20
                board.select_register = 0x30
                board.status_register = 0x31
                board.lock_bit = 7
                gchip.device = regs.bin
                gchip.size = 64
                gchip.refsel = 0x10:3
                gchip.phase_lock = 0x14:0
                gchip.peer_clock = 0x10:4
                window.bar0.device = /sys/bus/pci/devices/0000:00:04.0/resource2
                window.bar0.size = 4KiB
                i2c.timeout = 1.5s
                i2c.retries = 0
                """);
        assertEquals(List.of(new SlotWiring(0, 0x23), new SlotWiring(1, 0x23), new SlotWiring(12, 0x41), new SlotWiring(3, 0x24)),
                c.boards().slots());
        assertEquals(new BoardRegisterMap(0x23, 0x20, true, 0x30, 0x31, 7, 1, 2), c.boards().registerMap());
        assertEquals(new GchipLayout(new BitField("REF_SEL", 0x10, 3, 1), new BitField("PHASE_LOCK", 0x14, 0, 1),
                new BitField("PEER_CLOCK", 0x10, 4, 1)), c.gchipLayout());
        assertEquals(Path.of("/etc/pairlock/regs.bin"), c.gchipWindow().orElseThrow().device(), "relative to the file");
        assertEquals(List.of("gchip", "bar0"), List.copyOf(c.windows().keySet()));
        assertEquals(4096, c.windows().get("bar0").size());
        assertEquals(Duration.ofMillis(1500), c.i2c().timeout());
        assertEquals(0, c.i2c().retries());
    }

    @Test
    void peerAddressesTakeIpv4Ipv6AndNames() {
        PlatformConfig c = load("""
                sc = sc1
                peer.primary.local = [fd00::0:2]:7301
                peer.primary.remote = [fd00::1]:7301
                peer.fallback.local = 0.0.0.0:7302
                peer.fallback.remote = sc0-eth0.lab:0x1c86
                watchdog.device = /dev/watchdog0
                watchdog.timeout = 30s
                """);
        assertEquals("[fd00:0:0:0:0:0:0:2]:7301", c.primaryLink().orElseThrow().local().toString());
        assertEquals(new HostPort("sc0-eth0.lab", 7302), c.fallbackLink().orElseThrow().remote());
        assertTrue(c.fallbackLink().orElseThrow().networkInterface().isEmpty());
        assertEquals(new WatchdogConfig(Path.of("/dev/watchdog0"), Duration.ofSeconds(30)), c.watchdog().orElseThrow());
    }

    @Test
    void otherModulesTakeTheirSectionsBeforeTheFinalCheck() {
        PlatformFile pf = parse("sc = sc0\nsync.item.etc.path = /etc/pairlock\nsel.file = /var/log/sel\ncontrol.group = pairlock\n");
        assertEquals(1, pf.file().section("sync").size(), "the data-sync owner reads its keys");
        pf.file().section("sel");
        pf.file().take("control.group");
        pf.requireAllUsed();
        ConfigException e = assertThrows(ConfigException.class, () -> parse("sc = sc0\nsnmp.community = x\n").requireAllUsed());
        assertEquals("/etc/pairlock/sc0.conf:2: snmp.community: is not a known snmp.* key (see etc/sample.conf)", e.getMessage());
    }

    @Test
    void aMissingFilePointsToTheSample(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> PlatformFile.read(dir.resolve("sc0.conf")));
        assertEquals(dir.resolve("sc0.conf") + ": does not exist: write the platform file for this SC, starting from the"
                + " commented sample etc/sample.conf (every key is explained there)", e.getMessage());
        ConfigException d = assertThrows(ConfigException.class, () -> PlatformFile.read(dir));
        assertEquals(dir + ": is a directory, not a platform file", d.getMessage());
    }

    @Test
    void aDirectoryIsNeverADevice(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("gpio"));
        String d = dir.toString();
        assertEquals(F + ":2: gchip.device: '" + d + "' is a directory, not a device: name the device node or file to map"
                + " (/dev/mem, /dev/uioN, /sys/bus/pci/devices/.../resourceN)",
                refused("sc = sc0\ngchip.device = " + d + "\ngchip.size = 16\n"));
        assertEquals(F + ":2: heartbeat.in: '" + d + "/gpio' is a directory, not a GPIO chip: name /dev/gpiochipN, its name or its label",
                refused("sc = sc0\nheartbeat.in = " + d + "/gpio:3\n"));
        assertEquals(F + ":2: watchdog.device: '" + d + "' is a directory, not a watchdog device (e.g. /dev/watchdog0)",
                refused("sc = sc0\nwatchdog.device = " + d + "\n"));
        assertEquals(F + ":2: key.file: '" + d + "' is a directory, not a key file (made by 'scctl peer-key generate FILE')",
                refused("sc = sc0\nkey.file = " + d + "\n"));
        Path file = Files.writeString(dir.resolve("state"), "x");
        assertEquals(F + ":2: state.dir: '" + file + "' exists and is not a directory: state.dir is the directory pairlockd keeps its state in",
                refused("sc = sc0\nstate.dir = " + file + "\n"));
    }

    static String refused(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).getMessage();
    }
}

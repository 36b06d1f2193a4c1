package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.EventsConfig;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.peerlink.UdpPeerLink;
import dev.pairlock.platform.PlatformFile;
import dev.pairlock.supervision.SupervisionConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's assembly when a part cannot be opened: what was opened is released (the watchdog
 * disarmed, not left to reset the SC), and the SEL, once open, says why the start failed, as the
 * events module does for a failure of its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonAssemblyTest {
    @TempDir
    Path dir;

    /**
     * The control socket comes after the SEL and the watchdog: a directory anyone may write to is
     * refused (IOException). The SEL held DAEMON_STARTED and nothing after it, a start that looked like
     * a crash (and notify.stop never ran) while the reason was only on stderr.
     */
    @Test
    void aStartThatFailsAfterTheSelOpenedRecordsWhyThereAndDisarmsTheWatchdog() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path watchdog = Files.createFile(dir.resolve("watchdog"));
        String text = "sc = sc0\nslots = 2\nfdt = 1000ms\nstate.dir = " + dir.resolve("state") + "\ncontrol.socket = "
                + open.resolve("sc0.sock") + "\nwatchdog.device = " + watchdog + "\nwatchdog.timeout = 10s\nsel.dir = "
                + dir.resolve("sel") + "\nsnmp.boots_file = " + dir.resolve("boots") + "\n";
        Path f = dir.resolve("sc0.conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        PlatformFile pf = PlatformFile.parse(f, text.getBytes(StandardCharsets.UTF_8));
        ConfigFile file = pf.file();
        EventsConfig ev = EventsConfig.parse(file, ScId.SC0);
        SupervisionConfig services = SupervisionConfig.parse(file);
        pf.requireAllUsed();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpPeerLink link = UdpPeerLink.open(ScId.SC0, List.of(new UdpPeerLink.Endpoint("primary", any, any, Optional.empty())),
                DaemonPair.KEY, 1, Daemon.linkProbeNanos(1_000_000_000L), SystemClock.INSTANCE, dir);
        RealTimeChassis chassis = new RealTimeChassis(ChassisConfig.builder().slots(2).build(), SystemClock.INSTANCE);
        Daemon.Builder b = Daemon.builder(pf.config()).hardware(chassis.source(ScId.SC0)).peerLink(link)
                .controlGroup(Optional.empty()).events(ev, services);

        IOException e = assertThrows(IOException.class, b::start);
        assertTrue(e.getMessage().startsWith(open + ": the control socket's directory is writable by every user"), e.getMessage());

        assertEquals("V", Files.readString(watchdog), "the watchdog is disarmed by the magic close, not left armed");
        List<SelRecord> sel = SelReader.of(dir.resolve("sel")).read(SelQuery.all()).records();
        List<EventKind> kinds = sel.stream().map(SelRecord::kind).toList();
        assertEquals(List.of(EventKind.DAEMON_STARTED, EventKind.DAEMON_STOPPED), kinds, sel::toString);
        assertEquals("could not start: " + e.getMessage(), sel.getLast().field("cause"));
    }
}

package dev.pairlock.daemon;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.events.EventsConfig;
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
import java.util.List;
import java.util.Optional;

/**
 * One SC0 daemon with events and no peer, as the tests of its start and stop need it: the config
 * file pairlockd would read (state directory, control socket, a plain file as its watchdog device,
 * the SEL, SNMP's boots file) written in a test directory and parsed the way pairlockd parses it,
 * and a peer link on loopback that nobody answers. Written once for the tests that start a lone
 * daemon and look at what its stop or failed start left (DaemonReleaseTest, StopRecordTest,
 * StartCleanupRecordTest, DaemonAssemblyTest); each brings its own hardware.
 */
final class LoneDaemon {
    final Path dir;
    final Path socket;

    /** {@code dir}: the test's directory; {@code socket}: where the control socket goes (its directory is created if missing). */
    LoneDaemon(Path dir, Path socket) {
        this.dir = dir;
        this.socket = socket;
    }

    LoneDaemon(Path dir) {
        this(dir, dir.resolve("run/sc0.sock"));
    }

    Path sel() {
        return dir.resolve("sel");
    }

    Path watchdog() {
        return dir.resolve("watchdog");
    }

    Path state() {
        return dir.resolve("state");
    }

    /** The simulated 2-slot chassis's SC0, on the wall clock. */
    static HardwareSource chassis() {
        return new RealTimeChassis(ChassisConfig.builder().slots(2).build(), SystemClock.INSTANCE).source(ScId.SC0);
    }

    /** A peer link on loopback, ephemeral ports, no peer: the caller closes it (or the daemon does). */
    UdpPeerLink openLink() throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return UdpPeerLink.open(ScId.SC0, List.of(new UdpPeerLink.Endpoint("primary", any, any, Optional.empty())),
                DaemonPair.KEY, 1, Daemon.linkProbeNanos(1_000_000_000L), SystemClock.INSTANCE, dir);
    }

    /**
     * The config written and parsed (every key used), events and services configured, {@code link} as
     * the peer link and no control group; hardware and the rest are the caller's.
     */
    Daemon.Builder builder(UdpPeerLink link) throws IOException {
        if (!Files.exists(socket.getParent())) { // a test may have put a plain file there on purpose
            Files.createDirectories(socket.getParent());
        }
        if (!Files.exists(watchdog())) {
            Files.createFile(watchdog());
        }
        String text = "sc = sc0\nslots = 2\nfdt = 1000ms\nstate.dir = " + state() + "\ncontrol.socket = " + socket
                + "\nwatchdog.device = " + watchdog() + "\nwatchdog.timeout = 10s\nsel.dir = " + sel()
                + "\nsnmp.boots_file = " + dir.resolve("boots") + "\n";
        Path f = dir.resolve("sc0.conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        PlatformFile pf = PlatformFile.parse(f, text.getBytes(StandardCharsets.UTF_8));
        ConfigFile file = pf.file();
        EventsConfig ev = EventsConfig.parse(file, ScId.SC0);
        SupervisionConfig services = SupervisionConfig.parse(file);
        pf.requireAllUsed();
        return Daemon.builder(pf.config()).peerLink(link).controlGroup(Optional.empty()).events(ev, services);
    }
}

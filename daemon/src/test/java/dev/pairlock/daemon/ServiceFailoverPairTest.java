package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.control.ControlClient;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's scenario on two real daemons (simulated chassis on the wall clock, real threads, UDP
 * links, control sockets, SELs): a supervised service on the MAIN keeps failing, is restarted up to
 * its restart_count with RESTART_COUNT in its environment, and then the MAIN asks for a planned
 * failover; the peer becomes MAIN. Both SELs hold the story; {@code events} reads the SEL.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServiceFailoverPairTest {
    @TempDir
    Path dir;

    Daemon start(ScId sc, RealTimeChassis chassis, long boot) throws Exception {
        String name = sc.name().toLowerCase();
        Path script = dir.resolve("svc-" + name);
        // SC0's service fails at once, every time; SC1's runs until stopped
        Files.writeString(script, "#!/bin/sh\necho \"$RESTART_COUNT\" >> " + dir.resolve("starts-" + name) + "\n"
                + (sc == ScId.SC0 ? "exit 1\n" : "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done\n"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String text = "sc = " + name + "\nslots = 4\nreset.out = gpiochip0:reset\nreset.in = yes\nfdt = "
                + DaemonPair.FDT_MILLIS + "ms\nstate.dir = " + dir.resolve("state-" + name) + "\ncontrol.socket = "
                + socket(sc) + "\nsel.dir = " + dir.resolve("sel-" + name) + "\nsnmp.boots_file = " + dir.resolve("boots-" + name)
                + "\nservice.app.command = " + script + "\nservice.app.restart_count = 2\nservice.app.restart_delay = 100ms\n";
        Path f = dir.resolve(name + ".conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        PlatformFile pf = PlatformFile.parse(f, text.getBytes(StandardCharsets.UTF_8));
        ConfigFile file = pf.file();
        EventsConfig ev = EventsConfig.parse(file, sc);
        SupervisionConfig services = SupervisionConfig.parse(file);
        pf.requireAllUsed();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        UdpPeerLink link = UdpPeerLink.open(sc, List.of(new UdpPeerLink.Endpoint("primary", any, any, Optional.empty()),
                new UdpPeerLink.Endpoint("fallback", any, any, Optional.empty())), DaemonPair.KEY, boot,
                Daemon.linkProbeNanos(DaemonPair.FDT_MILLIS * 1_000_000), SystemClock.INSTANCE, dir);
        return Daemon.builder(pf.config()).hardware(chassis.source(sc)).peerLink(link).controlGroup(Optional.empty())
                .events(ev, services).start();
    }

    Path socket(ScId sc) {
        return dir.resolve(sc.name().toLowerCase() + ".sock");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> ask(ScId sc, String op, Map<String, Object> args) {
        try (ControlClient c = ControlClient.connect(socket(sc))) {
            return (Map<String, Object>) c.call(op, args, 30_000);
        }
    }

    List<SelRecord> sel(ScId sc) {
        return SelReader.of(dir.resolve("sel-" + sc.name().toLowerCase())).read(SelQuery.all()).records();
    }

    boolean has(ScId sc, EventKind kind, String key, String value) {
        return sel(sc).stream().anyMatch(r -> r.kind() == kind && (key == null || value.equals(r.field(key))));
    }

    record Out(int status, String out, String err) {
    }

    static Out scctl(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = dev.pairlock.scctl.Scctl.newCommandLine(new dev.pairlock.scctl.Scctl()
                .withStdin(() -> new java.io.BufferedReader(new java.io.StringReader(""))));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return new Out(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void aServiceThatKeepsFailingOnTheMainCausesAPlannedFailover() throws Exception {
        RealTimeChassis chassis = new RealTimeChassis(ChassisConfig.builder().slots(4).build(), SystemClock.INSTANCE);
        Daemon sc0 = start(ScId.SC0, chassis, 1);
        Daemon sc1 = null;
        try {
            // SC0 alone first: it becomes MAIN (its service starts failing); then SC1 joins as SPARE
            DaemonPair.await("SC0 is MAIN", () -> "MAIN".equals(ask(ScId.SC0, "failover.show", Map.of()).get("role")));
            sc1 = start(ScId.SC1, chassis, 1);
            for (int i = 0; i < 2; i++) {
                sc1.peerLink().remote(i, sc0.peerLink().localAddress(i));
                sc0.peerLink().remote(i, sc1.peerLink().localAddress(i));
            }
            // priority-1 data counts as in sync only when the sync engine says so (no datasync here)
            sc0.loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            sc1.loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            DaemonPair.await("SC1 took MAIN over by the planned switchover",
                    () -> "MAIN".equals(ask(ScId.SC1, "failover.show", Map.of()).get("role"))
                            && "SPARE".equals(ask(ScId.SC0, "failover.show", Map.of()).get("role")));
            assertEquals(List.of("0", "1", "2"), Files.readAllLines(dir.resolve("starts-sc0")), "RESTART_COUNT per start");
            assertTrue(has(ScId.SC0, EventKind.SERVICE_RESTARTED, "restart_count", "2"), () -> sel(ScId.SC0).toString());
            assertTrue(has(ScId.SC0, EventKind.SERVICE_EXHAUSTED, "decision", "failover-requested"), () -> sel(ScId.SC0).toString());
            assertTrue(has(ScId.SC0, EventKind.SWITCHOVER_STARTED, null, null), () -> sel(ScId.SC0).toString());
            assertTrue(has(ScId.SC1, EventKind.FAILOVER, "cause", "planned"), () -> sel(ScId.SC1).toString());
            DaemonPair.await("SC1 runs its service as MAIN", () -> has(ScId.SC1, EventKind.SERVICE_STARTED, "service", "app"));
            // the control socket's events come from the SEL
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) ask(ScId.SC0, "events", Map.of("last", 200L)).get("events");
            assertTrue(events.stream().anyMatch(e -> "service_exhausted".equals(e.get("kind"))), events::toString);
            String conf0 = dir.resolve("sc0.conf").toString();
            Out viaDaemon = scctl("--backend", "linux", "--config", conf0, "events", "--kind", "service_exhausted,failover");
            assertEquals(0, viaDaemon.status(), viaDaemon.err());
            assertTrue(viaDaemon.out().contains("service_exhausted") && !viaDaemon.out().contains("service_started"), viaDaemon.out());
            Out noYes = scctl("--backend", "linux", "--config", dir.resolve("sc1.conf").toString(), "events", "clear");
            assertEquals(2, noYes.status(), noYes.out() + noYes.err());
            Out clear = scctl("--backend", "linux", "--config", dir.resolve("sc1.conf").toString(), "events", "clear", "-y");
            assertEquals(0, clear.status(), clear.err());
            assertTrue(clear.out().startsWith("cleared "), clear.out());
            assertEquals(EventKind.SEL_CLEARED, sel(ScId.SC1).getFirst().kind());
        } finally {
            if (sc1 != null) {
                sc1.stop();
            }
            sc0.stop();
        }
        // the SEL closes after the runtime stopped: the stop's record is the last, nothing lost after it
        assertEquals(EventKind.DAEMON_STOPPED, sel(ScId.SC0).getLast().kind(), () -> sel(ScId.SC0).toString());
        assertTrue(has(ScId.SC0, EventKind.DAEMON_STARTED, null, null));
        // with the daemons down, scctl reads the files (SC0's own log; SC1's beside it is not its peer copy here)
        Out files = scctl("--backend", "linux", "--config", dir.resolve("sc0.conf").toString(), "--json", "events", "--kind",
                "SERVICE_EXHAUSTED");
        assertEquals(0, files.status(), files.err());
        assertTrue(files.out().contains("\"kind\":\"SERVICE_EXHAUSTED\"") && files.out().contains("failover-requested"), files.out());
    }
}

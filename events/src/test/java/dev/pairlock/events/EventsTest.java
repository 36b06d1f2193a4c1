package dev.pairlock.events;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.events.NotifyConfig.Transition;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What pairlockd's clean stop (EventsPlugin.close: report DAEMON_STOPPED, then Events.close) delivers:
 * the records reported just before are dispatched (notify scripts, traps) before anything closes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventsTest {
    @TempDir
    Path dir;

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void closeRunsNotifyStopForTheDaemonStoppedRecordReportedJustBefore() throws Exception {
        Path marker = dir.resolve("stop.ran");
        Path stop = script("notify-stop", "echo \"$1 $3\" > " + marker);
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0),
                new NotifyConfig(Map.of(Transition.STOP, stop), Duration.ofSeconds(10)));
        Events events = Events.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
        // exactly what EventsPlugin.close(verdict) does
        events.reporter().report(EventDraft.of(EventKind.DAEMON_STOPPED, Role.UNKNOWN, 0).with("cause", "stopped"));
        events.close();
        assertTrue(Files.exists(marker), "notify.stop did not run for DAEMON_STOPPED (README: 'the latter runs notify.stop')");
    }

    @Test
    void closeSendsTheTrapOfARecordReportedJustBefore() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(3000);
            SnmpConfig snmp = new SnmpConfig(List.of(new SnmpConfig.Receiver("r", "127.0.0.1", receiver.getLocalPort(),
                    SnmpConfig.Version.V2C, "public", "", "", "")), SnmpConfig.defaultEngineId(ScId.SC0),
                    dir.resolve("boots"), Duration.ofSeconds(30));
            EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), snmp, NotifyConfig.none());
            Events events = Events.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
            events.reporter().report(EventDraft.of(EventKind.FAILOVER, Role.MAIN, 4).with("cause", "planned"));
            events.close();
            assertEquals(1, events.sel().durableSeq(), "the record itself is in the SEL");
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            try {
                receiver.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the FAILOVER record is in the SEL but its trap was never sent (dropped by close)");
            }
        }
    }

    @Test
    void closeRecordsTheOutcomeOfNotifyStopInTheSel() throws Exception {
        Path stop = script("notify-stop", "echo stopping $1");
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0),
                new NotifyConfig(Map.of(Transition.STOP, stop), Duration.ofSeconds(10)));
        Events events = Events.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
        events.reporter().report(EventDraft.of(EventKind.DAEMON_STOPPED, Role.UNKNOWN, 0).with("cause", "stopped"));
        events.close();
        List<SelRecord> log = SelReader.of(dir.resolve("sel")).read(SelQuery.all()).records();
        assertEquals(List.of(EventKind.DAEMON_STOPPED, EventKind.NOTIFY_RAN), log.stream().map(SelRecord::kind).toList());
        assertEquals("stopping STOP", log.get(1).field("output"));
        assertEquals("1", log.get(1).field("for_seq"));
    }

    /**
     * {@link EventReporter#record}: the future answers once the record is durable (pairlockd removes
     * its stop-failures file only then). STOP_STEP_FAILED sends no trap (a daemon's life cycle, as DAEMON_STOPPED and RUNTIME_FAULT).
     */
    @Test
    void recordAnswersOnceTheRecordIsDurable() throws Exception {
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0), NotifyConfig.none());
        Events events = Events.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system());
        EventDraft failed = EventDraft.of(EventKind.STOP_STEP_FAILED, Role.UNKNOWN, 0).with("step", "disarm the watchdog");
        SelRecord r = events.reporter().record(failed).get(30, TimeUnit.SECONDS);
        assertEquals(1, r.seq());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(events.sel().durableSeq() >= r.seq(), "durable when the future answers");
        assertTrue(TrapCatalog.classify(r).isEmpty(), "no trap");
        events.close();
    }
}

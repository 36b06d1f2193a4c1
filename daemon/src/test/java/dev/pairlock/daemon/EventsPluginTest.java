package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.EventsConfig;
import dev.pairlock.events.NotifyConfig;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import dev.pairlock.events.SnmpConfig;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.supervision.ServiceSpec;
import dev.pairlock.supervision.SupervisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The events module and the supervisor as pairlockd runs them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventsPluginTest {
    @TempDir
    Path dir;

    /**
     * pairlockd's stop waits a bounded time for its services, then closes the supervisor's scheduler,
     * which drops the SIGKILL of a longer stop_grace: a service that ignores SIGTERM outlived pairlockd.
     */
    @Test
    void aServiceStillRunningWhenTheStopGivesUpWaitingIsKilled() throws Exception {
        Path trapped = dir.resolve("trapped");
        Path svc = dir.resolve("stubborn");
        Files.writeString(svc, "#!/bin/sh\ntrap '' TERM\ntouch " + trapped + "\nwhile :; do sleep 0.05; done\n");
        Files.setPosixFilePermissions(svc, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServiceSpec spec = new ServiceSpec("stubborn", svc, List.of(), Map.of(), 0, false, ServiceSpec.Runs.MAIN_ONLY, List.of(),
                SupervisionConfig.DEFAULT_HEALTH_INTERVAL, SupervisionConfig.DEFAULT_HEALTH_TIMEOUT, Duration.ofHours(1),
                SupervisionConfig.DEFAULT_RESTART_DELAY);
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0), NotifyConfig.none());
        EventsPlugin p = EventsPlugin.open(cfg, new SupervisionConfig(List.of(spec)), dir.resolve("state"), ScId.SC0,
                Clock.systemUTC(), () -> null, 10, () -> { });
        ProcessHandle service = null;
        try {
            p.listener().onRoleChange(ScId.SC0, Role.MAIN, 1, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(trapped) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(trapped), "the service started and ignores SIGTERM");
            service = ProcessHandle.of(p.supervisor().status().getFirst().pid()).orElseThrow();
            p.stopServices(Duration.ofMillis(500));
            try {
                service.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the service (pid " + service.pid() + ", stop_grace 1 h) still runs after pairlockd's stop", e);
            }
        } finally {
            if (service != null) {
                service.destroyForcibly();
            }
            killAll(svc);
            p.close("test");
        }
    }

    /**
     * Outside systemd nothing cleans up after a pairlockd killed with -9: its service ran on, and the
     * next pairlockd started a second one. The next one now stops it first, and says so in the SEL.
     */
    @Test
    void aServiceLeftRunningByAPairlockdKilledWith9IsStoppedByTheNextBeforeItStartsAny() throws Exception {
        Path started = dir.resolve("started");
        Path svc = dir.resolve("web");
        Files.writeString(svc, "#!/bin/sh\ntrap 'exit 0' TERM\ntouch " + started + "\nwhile :; do sleep 0.05; done\n");
        Files.setPosixFilePermissions(svc, PosixFilePermissions.fromString("rwxr-xr-x"));
        SupervisionConfig services = new SupervisionConfig(List.of(ServiceSpec.of("web", svc)));
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0), NotifyConfig.none());
        EventsPlugin first = EventsPlugin.open(cfg, services, dir.resolve("state"), ScId.SC0, Clock.systemUTC(), () -> null, 10,
                () -> { });
        ProcessHandle old = null;
        try {
            first.listener().onRoleChange(ScId.SC0, Role.MAIN, 1, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(started) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(started), "the service started");
            old = ProcessHandle.of(first.supervisor().status().getFirst().pid()).orElseThrow();
            assertTrue(Files.readString(dir.resolve("state/services.groups")).contains("\n" + old.pid() + " "), "recorded");
            first.crash(); // kill -9: the service is left running

            EventsPlugin next = EventsPlugin.open(cfg, services, dir.resolve("state"), ScId.SC0, Clock.systemUTC(), () -> null,
                    10, () -> { });
            next.stopServices(Duration.ofSeconds(10));
            next.close("test");
            assertTrue(gone(old), "the service pairlockd left (pid " + old.pid() + ") still runs beside the next one's");
            List<SelRecord> sel = SelReader.of(dir.resolve("sel")).read(SelQuery.all()).records();
            List<EventKind> kinds = sel.stream().map(SelRecord::kind).toList();
            int leftover = kinds.lastIndexOf(EventKind.SERVICE_STOPPED);
            assertTrue(leftover > kinds.lastIndexOf(EventKind.DAEMON_STARTED), kinds::toString);
            assertEquals(String.valueOf(old.pid()), sel.get(leftover).field("pgid"));
            assertEquals("left running by an earlier pairlockd", sel.get(leftover).field("leftover"));
        } finally {
            killAll(svc); // a failure must not leave it holding surefire's output open: the build would hang
        }
    }

    /** Every process running {@code script} (its path on the command line). */
    static void killAll(Path script) {
        ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(script.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** Exited: gone from /proc, or a zombie its parent (this JVM) has not waited for yet. */
    static boolean gone(ProcessHandle h) throws Exception {
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }
}

package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.events.NotifyConfig.Transition;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived-style notify scripts, run for real. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NotifyScriptsTest {
    @TempDir
    Path dir;
    final ThreadScheduler scheduler = new ThreadScheduler("notify-test-timeouts");
    final LinkedBlockingQueue<EventDraft> results = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        scheduler.close();
    }

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static SelRecord roleChange(Role role, long epoch, String cause) {
        return new SelRecord(11, Instant.now(), 0, ScId.SC1, role, epoch, EventKind.ROLE_CHANGED, Severity.NOTICE,
                Map.of("cause", cause));
    }

    EventDraft next() throws InterruptedException {
        EventDraft d = results.poll(30, TimeUnit.SECONDS);
        assertNotNull(d, "no notify result within 30 s");
        return d;
    }

    @Test
    void theScriptGetsStateEpochAndCauseAsArgumentsAndEnvironmentAndItsOutputIsRecorded() throws Exception {
        Path seen = dir.resolve("seen");
        Path main = script("main", "echo \"$@|$PAIRLOCK_STATE|$PAIRLOCK_ROLE|$PAIRLOCK_EPOCH|$PAIRLOCK_CAUSE|$PAIRLOCK_SC|$PAIRLOCK_SEQ\" > "
                + seen + "\necho hello from main; echo on stderr >&2");
        try (NotifyScripts n = new NotifyScripts(new NotifyConfig(Map.of(Transition.MAIN, main), Duration.ofSeconds(20)),
                scheduler, SystemClock.INSTANCE, results::add)) {
            n.onRecord(roleChange(Role.MAIN, 7, "dead-main"));
            n.onRecord(roleChange(Role.SPARE, 8, "planned")); // no spare script: nothing runs
            EventDraft d = next();
            assertEquals(EventKind.NOTIFY_RAN, d.kind());
            assertEquals("0", d.field("status"));
            assertEquals("MAIN", d.field("state"));
            assertEquals("hello from main\non stderr", d.field("output"));
            assertEquals(main.toString(), d.field("script"));
            assertEquals("MAIN 7 dead-main|MAIN|MAIN|7|dead-main|SC1|11", Files.readString(seen).strip());
            assertNull(results.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aHungScriptNeverDelaysTheCallerAndIsKilledAtTheTimeout() throws Exception {
        Path started = dir.resolve("started");
        Path pidFile = dir.resolve("pid");
        Path hung = script("fault", "echo $$ > " + pidFile + "\ntouch " + started + "\nexec sleep 60");
        Path after = dir.resolve("spare-ran");
        Path spare = script("spare", "touch " + after);
        try (NotifyScripts n = new NotifyScripts(new NotifyConfig(Map.of(Transition.FAULT, hung, Transition.SPARE, spare),
                Duration.ofMillis(500)), scheduler, SystemClock.INSTANCE, results::add)) {
            SelRecord fault = new SelRecord(3, Instant.now(), 0, ScId.SC0, Role.MAIN, 2, EventKind.LOCAL_FAULT,
                    Severity.CRITICAL, Map.of());
            n.onRecord(fault);
            n.onRecord(roleChange(Role.SPARE, 3, "local-fault"));
            // the calls returned while the script may not even have started: nothing was waited for
            assertTrue(results.isEmpty());
            EventDraft d = next();
            assertEquals(EventKind.NOTIFY_FAILED, d.kind());
            assertEquals("500ms", d.field("timeout"));
            assertEquals("FAULT", d.field("state"));
            assertTrue(Files.exists(started));
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the hung script was killed");
            EventDraft second = next(); // queued behind the hung one, in order
            assertEquals("SPARE", second.field("state"));
            assertEquals(EventKind.NOTIFY_RAN, second.kind());
            assertTrue(Files.exists(after));
        }
    }

    @Test
    void aFailingScriptIsRecordedWithItsStatus() throws Exception {
        Path stop = script("stop", "echo cannot; exit 3");
        try (NotifyScripts n = new NotifyScripts(new NotifyConfig(Map.of(Transition.STOP, stop), Duration.ofSeconds(20)),
                scheduler, SystemClock.INSTANCE, results::add)) {
            n.onRecord(new SelRecord(5, Instant.now(), 0, ScId.SC0, Role.SPARE, 2, EventKind.DAEMON_STOPPED,
                    Severity.INFO, Map.of("cause", "SIGTERM")));
            EventDraft d = next();
            assertEquals(EventKind.NOTIFY_FAILED, d.kind());
            assertEquals("3", d.field("status"));
            assertEquals("cannot", d.field("output"));
        }
    }

    @Test
    void aBackgroundChildHoldingTheOutputDoesNotHangTheRunner() throws Exception {
        Path main = script("main", "sleep 30 &\necho done");
        try (NotifyScripts n = new NotifyScripts(new NotifyConfig(Map.of(Transition.MAIN, main), Duration.ofSeconds(20)),
                scheduler, SystemClock.INSTANCE, results::add)) {
            n.onRecord(roleChange(Role.MAIN, 1, "boot"));
            EventDraft d = next();
            assertEquals(EventKind.NOTIFY_RAN, d.kind(), d.toString());
            assertEquals("done", d.field("output"));
            assertTrue(Long.parseLong(d.field("ms")) < 20_000, "not the timeout: " + d.field("ms"));
        }
    }

    @Test
    void aScriptStillRunningAtCloseIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        Path stop = script("stop", "sleep 300 &\necho $$ $! > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "\nwait");
        NotifyScripts n = new NotifyScripts(new NotifyConfig(Map.of(Transition.STOP, stop), Duration.ofSeconds(60)),
                scheduler, SystemClock.INSTANCE, results::add);
        n.onRecord(new SelRecord(5, Instant.now(), 0, ScId.SC0, Role.SPARE, 2, EventKind.DAEMON_STOPPED,
                Severity.INFO, Map.of("cause", "SIGTERM")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pids) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<ProcessHandle> procs = Arrays.stream(Files.readString(pids).strip().split(" "))
                .map(x -> ProcessHandle.of(Long.parseLong(x)).orElseThrow()).toList();
        try {
            n.close(200); // gives up long before the script's 60 s timeout
            for (ProcessHandle h : procs) {
                h.onExit().get(5, TimeUnit.SECONDS); // TimeoutException: orphaned, still running
            }
            EventDraft d = next();
            assertEquals(EventKind.NOTIFY_FAILED, d.kind());
            assertEquals("killed: pairlockd stopped before it finished", d.field("error"));
        } finally {
            procs.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void configurationNamesTheLineOfAMissingOrNonExecutableScript() throws Exception {
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "echo");
        ConfigFile f = ConfigFile.parse(dir.resolve("p.conf"), ("notify.timeout = 2s\nnotify.main = " + plain + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> NotifyConfig.parse(f));
        assertEquals(dir.resolve("p.conf") + ":2: notify.main: " + plain + " is not executable: chmod +x it", e.getMessage());
        ConfigFile g = ConfigFile.parse(dir.resolve("q.conf"), "notify.master = /bin/true\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(ConfigException.class, () -> NotifyConfig.parse(g)).getMessage()
                .startsWith(dir.resolve("q.conf") + ":1: notify.master: is not a known key"));
        ConfigFile ok = ConfigFile.parse(dir.resolve("r.conf"), ("notify.timeout = 250ms\nnotify.spare = /bin/true\n")
                .getBytes(StandardCharsets.UTF_8));
        NotifyConfig c = NotifyConfig.parse(ok);
        assertEquals(Duration.ofMillis(250), c.timeout());
        assertEquals(Path.of("/bin/true"), c.scripts().get(Transition.SPARE));
    }
}

package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.failover.Role;
import dev.pairlock.supervision.Supervisor.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Review findings on the supervisor (same harness as SupervisorTest). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SupervisorReviewTest {
    @TempDir
    Path dir;
    final SteppedScheduler time = new SteppedScheduler();
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final List<ProcessHandle> strays = new CopyOnWriteArrayList<>();
    Supervisor sup;

    @AfterEach
    void cleanUp() throws Exception {
        strays.forEach(ProcessHandle::destroyForcibly);
        if (sup != null) {
            var done = sup.stopAll();
            time.advance(Duration.ofSeconds(10));
            time.awaitUntil(done::isDone, "every service stopped");
        }
    }

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    Supervisor supervisor(ServiceSpec... specs) {
        sup = new Supervisor(new SupervisionConfig(List.of(specs)), time, events::add,
                cause -> FailoverRequester.Answer.refused("test"), cause -> { }, Duration.ofSeconds(10), Duration.ofSeconds(1));
        return sup;
    }

    List<EventKind> kinds() {
        return events.stream().map(EventDraft::kind).toList();
    }

    long count(EventKind k) {
        return kinds().stream().filter(x -> x == k).count();
    }

    Supervisor.ServiceStatus status(String name) {
        return sup.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * MAIN -> SPARE -> MAIN while the service is still in its stop grace: applyRole(MAIN) sees STOPPING
     * (not STOPPED) and launches nothing; exited() then sets STOPPED and nobody starts it again.
     */
    @Test
    void aServiceWhoseScIsMainAgainBeforeItsStopCompletedIsStartedAgain() throws Exception {
        Path svc = script("web", "trap '' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("web", svc));
        sup.onRole(Role.MAIN, 1);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == 1, "started");
        Thread.sleep(200); // the TERM trap is set
        sup.onRole(Role.SPARE, 2);
        time.runDue();
        sup.onRole(Role.MAIN, 3); // back, e.g. a switchover the peer did not complete
        time.runDue();
        assertEquals(State.STOPPING, status("web").state());
        time.advance(SupervisionConfig.DEFAULT_STOP_GRACE); // SIGKILL
        time.awaitUntil(() -> count(EventKind.SERVICE_STOPPED) == 1, "stopped");
        Thread.sleep(300);
        time.runDue();
        assertEquals(State.RUNNING, status("web").state(), "the SC is MAIN (epoch 3) but its main-only service stays down: "
                + kinds());
    }

    /**
     * A service whose executable is a wrapper that does not exec (sh running the daemon as a child):
     * SIGTERM goes to the wrapper only, the wrapper dies, the kill timer is cancelled by its exit, and the
     * real daemon keeps running on the SPARE, reparented to init.
     */
    @Test
    @Disabled("review finding, not fixed: fails on the current code (SIGTERM reaches only the wrapper; its orphaned child survives)")
    void leavingMainStopsTheServicesChildrenToo() throws Exception {
        Path svc = script("wrapper", "sleep 300");
        supervisor(ServiceSpec.of("wrapper", svc));
        sup.onRole(Role.MAIN, 1);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == 1, "started");
        ProcessHandle wrapper = ProcessHandle.of(status("wrapper").pid()).orElseThrow();
        time.awaitUntil(() -> wrapper.children().findAny().isPresent(), "the wrapper started its child");
        ProcessHandle child = wrapper.children().findFirst().orElseThrow();
        strays.add(child);
        sup.onRole(Role.SPARE, 2);
        time.awaitUntil(() -> count(EventKind.SERVICE_STOPPED) == 1, "stopped");
        time.advance(SupervisionConfig.DEFAULT_STOP_GRACE.multipliedBy(2));
        Thread.sleep(300);
        assertFalse(child.isAlive(), "the service's child (pid " + child.pid() + ", " + child.info().commandLine().orElse("?")
                + ") still runs on the SPARE after " + events.getLast().fields());
    }
}

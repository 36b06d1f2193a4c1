package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.failover.Role;
import dev.pairlock.supervision.Supervisor.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the supervisor stops a service: its whole process group, SIGKILL after the grace, and a role
 * that comes back during the grace (the harness is SupervisorTest's: {@link SupervisorFixture}).
 */
class SupervisorStopTest extends SupervisorFixture {
    /**
     * MAIN -> SPARE -> MAIN while the service is still in its stop grace: applyRole(MAIN) sees STOPPING
     * (not STOPPED) and launches nothing; exited() starts it once the old one is gone.
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
     * SIGTERM to the wrapper only killed the wrapper, its exit cancelled the kill timer, and the real
     * daemon kept running on the SPARE, reparented to init. The whole process group gets the signal.
     */
    @Test
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
        assertFalse(running(child), "the service's child (pid " + child.pid() + ", " + child.info().commandLine().orElse("?")
                + ") still runs on the SPARE after " + events.getLast().fields());
    }

    /** A wrapper that dies on SIGTERM, its child ignoring it: the grace's SIGKILL still goes to the group. */
    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGraceThoughTheWrapperExited() throws Exception {
        Path svc = script("wrapper", "sh -c \"trap '' TERM; while :; do sleep 0.05; done\"");
        supervisor(ServiceSpec.of("wrapper", svc));
        sup.onRole(Role.MAIN, 1);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == 1, "started");
        ProcessHandle wrapper = ProcessHandle.of(status("wrapper").pid()).orElseThrow();
        time.awaitUntil(() -> wrapper.children().findAny().isPresent(), "the wrapper started its child");
        Thread.sleep(300); // the child's TERM trap is set
        ProcessHandle child = wrapper.children().findFirst().orElseThrow();
        strays.add(child);
        sup.onRole(Role.SPARE, 2);
        time.awaitUntil(() -> count(EventKind.SERVICE_STOPPED) == 1, "the wrapper stopped");
        Thread.sleep(300);
        assertTrue(running(child), "the child ignores SIGTERM: it runs until the grace is over");
        time.advance(SupervisionConfig.DEFAULT_STOP_GRACE);
        child.onExit().get(10, TimeUnit.SECONDS);
    }

    /** pairlockd's stop gives up waiting before a long stop grace: what still runs is killed, not left behind. */
    @Test
    void killRemainingKillsAServiceThatIgnoresSigtermBeforeItsGraceIsOver() throws Exception {
        Path svc = script("stubborn", "trap '' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("stubborn", svc));
        sup.onRole(Role.MAIN, 1);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == 1, "started");
        long pid = status("stubborn").pid();
        Thread.sleep(300); // the TERM trap is set
        var done = sup.stopAll();
        time.runDue();
        assertFalse(sup.awaitProcessesGone(Duration.ofMillis(300)), "it ignores SIGTERM, its grace is not over");
        assertEquals(List.of("stubborn (process group " + pid + ")"), sup.killRemaining());
        time.awaitUntil(done::isDone, "stopped");
        assertTrue(sup.awaitProcessesGone(Duration.ofSeconds(10)));
        assertEquals(List.of(), sup.killRemaining());
    }
}

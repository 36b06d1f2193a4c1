package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.failover.Role;
import dev.pairlock.supervision.Supervisor.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every supervision path with real child processes (small scripts written here), time through the
 * {@link SteppedScheduler} wherever the supervisor decides (restart delay, stop grace, health interval
 * and timeout, failover retry); the harness is {@link SupervisorFixture}.
 */
class SupervisorTest extends SupervisorFixture {
    /** A service that notes each start's RESTART_COUNT and arguments, then runs until told. */
    Path noting(String name, String then) throws Exception {
        return script(name, "echo \"$RESTART_COUNT $PAIRLOCK_SERVICE $*\" >> " + dir.resolve(name + ".starts") + "\n" + then);
    }

    List<String> starts(String name) throws Exception {
        Path f = dir.resolve(name + ".starts");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(String::strip).toList() : List.of();
    }

    @Test
    void aMainOnlyServiceStartsOnMainWithRestartCountZeroAndStopsWithSigtermOnLeavingMain() throws Exception {
        Path svc = noting("web", "trap 'echo term >> " + dir.resolve("web.term") + "; exit 0' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("web", svc, "--port", "8080").withEnv(Map.of("MODE", "prod")));
        sup.onRole(Role.SPARE, 1);
        time.runDue();
        assertEquals(State.STOPPED, state("web"), "main-only: not on a SPARE");
        sup.onRole(Role.MAIN, 2);
        await(EventKind.SERVICE_STARTED, 1);
        time.awaitUntil(() -> Files.exists(dir.resolve("web.starts")), "the service ran");
        assertEquals(List.of("0 web --port 8080"), starts("web"));
        EventDraft started = last(EventKind.SERVICE_STARTED);
        assertEquals("web", started.field("service"));
        assertEquals("0", started.field("restart_count"));
        assertEquals(Role.MAIN, started.role());
        assertEquals(2, started.epoch());
        sup.onRole(Role.SPARE, 3);
        await(EventKind.SERVICE_STOPPED, 1);
        assertEquals("SIGTERM", last(EventKind.SERVICE_STOPPED).field("how"));
        assertEquals(List.of("term"), Files.readAllLines(dir.resolve("web.term")));
        assertEquals(State.STOPPED, state("web"));
        assertEquals(List.of(EventKind.SERVICE_STARTED, EventKind.SERVICE_STOPPED), kinds());
    }

    @Test
    void aServiceIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        Path svc = script("stubborn", "trap '' TERM\necho $$ > " + dir.resolve("pid") + "\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("stubborn", svc));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 1);
        time.awaitUntil(() -> Files.exists(dir.resolve("pid")), "the trap is set");
        sup.onRole(Role.SPARE, 2);
        time.runDue();
        Thread.sleep(300); // real time: SIGTERM was sent and ignored
        assertEquals(State.STOPPING, state("stubborn"));
        time.advance(SupervisionConfig.DEFAULT_STOP_GRACE);
        await(EventKind.SERVICE_STOPPED, 1);
        assertEquals("SIGKILL after 5000ms", last(EventKind.SERVICE_STOPPED).field("how"));
        assertEquals("137", last(EventKind.SERVICE_STOPPED).field("status"));
    }

    @Test
    void aFailingServiceIsRestartedUpToItsCountSeeingRestartCountThenAPlannedFailoverIsRequested() throws Exception {
        Path svc = noting("db", "exit 3");
        supervisor(ServiceSpec.of("db", svc).withRestarts(2));
        sup.onRole(Role.MAIN, 5);
        await(EventKind.SERVICE_EXITED, 1);
        assertEquals(State.RESTART_PENDING, state("db"));
        assertEquals("1", last(EventKind.SERVICE_RESTARTED).field("restart_count"));
        time.advance(SupervisionConfig.DEFAULT_RESTART_DELAY);
        await(EventKind.SERVICE_EXITED, 2);
        time.advance(SupervisionConfig.DEFAULT_RESTART_DELAY);
        await(EventKind.SERVICE_EXHAUSTED, 1);
        assertEquals(List.of("0 db", "1 db", "2 db"), starts("db"));
        assertEquals(List.of(EventKind.SERVICE_STARTED, EventKind.SERVICE_EXITED, EventKind.SERVICE_RESTARTED,
                EventKind.SERVICE_STARTED, EventKind.SERVICE_EXITED, EventKind.SERVICE_RESTARTED,
                EventKind.SERVICE_STARTED, EventKind.SERVICE_EXITED, EventKind.SERVICE_EXHAUSTED), kinds());
        assertEquals("3", last(EventKind.SERVICE_EXITED).field("status"));
        assertEquals("2", last(EventKind.SERVICE_RESTARTED).field("of"));
        EventDraft ex = last(EventKind.SERVICE_EXHAUSTED);
        assertEquals("failover-requested", ex.field("decision"));
        assertEquals("exited with status 3", ex.field("reason"));
        time.runDue();
        assertEquals(List.of(), failoverRequests, "recorded first, asked a moment later (the record syncs to the SPARE)");
        time.advance(DELAY);
        assertEquals(List.of("service:db"), failoverRequests);
        assertEquals(1, kinds().stream().filter(k -> k == EventKind.SERVICE_EXHAUSTED).count());
        assertEquals(State.EXHAUSTED, state("db"));
        // the failover happens: this SC becomes SPARE, the condition ends
        sup.onRole(Role.SPARE, 6);
        time.runDue();
        assertEquals(EventKind.SERVICE_EXHAUSTED_CLEARED, kinds().getLast());
        assertEquals(State.STOPPED, state("db"));
    }

    @Test
    void aRefusedFailoverKeepsTheScMainRaisesTheConditionAndAsksAgain() throws Exception {
        answer = FailoverRequester.Answer.refused("priority-1 data not in sync");
        Path svc = script("app", "exit 1");
        supervisor(ServiceSpec.of("app", svc)); // restart_count 0: the first failure exhausts it
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_EXHAUSTED, 1);
        assertEquals("failover-requested", last(EventKind.SERVICE_EXHAUSTED).field("decision"));
        time.advance(DELAY);
        EventDraft ex = last(EventKind.SERVICE_EXHAUSTED);
        assertEquals("failover-refused: staying MAIN", ex.field("decision"));
        assertEquals("priority-1 data not in sync", ex.field("refusal"));
        time.advance(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertEquals(3, failoverRequests.size(), "asked again every 10 s");
        assertEquals(2, exhausted(), "the refusal recorded once while its reason stays");
        answer = FailoverRequester.Answer.accepted();
        time.advance(Duration.ofSeconds(10));
        assertEquals(4, failoverRequests.size());
        assertEquals(2, exhausted(), "a start is the core's record (SWITCHOVER_STARTED), not the supervisor's");
        // the switchover makes this SC SPARE: the condition ends, nothing more is asked
        sup.onRole(Role.SPARE, 2);
        time.advance(Duration.ofSeconds(60));
        assertEquals(4, failoverRequests.size(), "no more requests once the SC left MAIN");
        assertEquals(EventKind.SERVICE_EXHAUSTED_CLEARED, kinds().getLast());
    }

    long exhausted() {
        return kinds().stream().filter(k -> k == EventKind.SERVICE_EXHAUSTED).count();
    }

    @Test
    void aStartedFailoverThatLeavesTheScMainIsAskedForAgain() throws Exception {
        // the kernel-VM campaign's service-failover once stayed MAIN for good: the request was
        // "accepted", the core then refused it, and nobody asked again. Started or not, while this
        // SC is still MAIN with the service exhausted the supervisor keeps asking.
        Path svc = script("app", "exit 1");
        supervisor(ServiceSpec.of("app", svc));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_EXHAUSTED, 1);
        time.advance(DELAY);
        assertEquals(1, failoverRequests.size());
        time.advance(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertEquals(3, failoverRequests.size(), "still MAIN 10 s after a started request: asked again");
        assertEquals(1, exhausted(), "the decision recorded once");
        answer = FailoverRequester.Answer.refused("the failover core refused: priority-1 data not in sync");
        time.advance(Duration.ofSeconds(10));
        assertEquals("failover-refused: staying MAIN", last(EventKind.SERVICE_EXHAUSTED).field("decision"));
        answer = FailoverRequester.Answer.accepted();
        time.advance(Duration.ofSeconds(10));
        answer = FailoverRequester.Answer.refused("the failover core refused: priority-1 data not in sync");
        time.advance(Duration.ofSeconds(10));
        assertEquals(3, exhausted(), "the same refusal after a start is news again");
        sup.onRole(Role.SPARE, 2);
        time.advance(Duration.ofSeconds(30));
        assertEquals(6, failoverRequests.size(), "none once the SC is SPARE");
    }

    @Test
    void anExhaustedServiceWhoseScLeavesMainBeforeTheRequestAsksNothing() throws Exception {
        Path svc = script("app", "exit 1");
        supervisor(ServiceSpec.of("app", svc));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_EXHAUSTED, 1);
        sup.onRole(Role.SPARE, 2); // e.g. the peer took over meanwhile
        time.advance(DELAY);
        time.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), failoverRequests);
    }

    @Test
    void aServiceKilledByASignalIsRecordedWithTheSignal() throws Exception {
        Path svc = script("crash", "kill -9 $$");
        supervisor(ServiceSpec.of("crash", svc).withRestarts(1));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_EXITED, 1);
        EventDraft d = last(EventKind.SERVICE_EXITED);
        assertEquals("137", d.field("status"));
        assertEquals("KILL", d.field("signal"));
        assertEquals("killed by SIGKILL", last(EventKind.SERVICE_RESTARTED).field("reason"));
    }

    @Test
    void aFailedHealthCommandTerminatesAndRestartsTheService() throws Exception {
        Path svc = noting("api", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        Path health = script("check", "test -e " + dir.resolve("healthy"));
        Files.createFile(dir.resolve("healthy"));
        supervisor(ServiceSpec.of("api", svc).withRestarts(1)
                .withHealth(List.of(health.toString()), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 1);
        time.advance(Duration.ofSeconds(2)); // a good check
        Thread.sleep(200);
        time.runDue();
        assertEquals(List.of(EventKind.SERVICE_STARTED), kinds());
        Files.delete(dir.resolve("healthy"));
        time.advance(Duration.ofSeconds(2));
        await(EventKind.SERVICE_HEALTH_FAILED, 1);
        assertEquals("1", last(EventKind.SERVICE_HEALTH_FAILED).field("status"));
        await(EventKind.SERVICE_RESTARTED, 1);
        assertEquals("health: the health command exited with status 1", last(EventKind.SERVICE_RESTARTED).field("reason"));
        time.advance(SupervisionConfig.DEFAULT_RESTART_DELAY);
        await(EventKind.SERVICE_STARTED, 2);
        time.awaitUntil(() -> {
            try {
                return starts("api").size() == 2;
            } catch (Exception e) {
                return false;
            }
        }, "second start");
        assertEquals(List.of("0 api", "1 api"), starts("api"));
    }

    @Test
    void aHealthCommandThatHangsIsAFailureAtItsTimeout() throws Exception {
        Path svc = script("api", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        Path health = script("hang", "exec sleep 60");
        supervisor(ServiceSpec.of("api", svc).withHealth(List.of(health.toString()), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        answer = FailoverRequester.Answer.accepted();
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 1);
        time.advance(Duration.ofSeconds(2));
        Thread.sleep(200); // the check is running (and hangs)
        time.advance(Duration.ofSeconds(1));
        await(EventKind.SERVICE_HEALTH_FAILED, 1);
        assertEquals("no answer within 1000ms", last(EventKind.SERVICE_HEALTH_FAILED).field("reason"));
        await(EventKind.SERVICE_EXHAUSTED, 1);
        time.advance(DELAY);
        assertEquals(List.of("service:api"), failoverRequests);
    }

    @Test
    void aFailfastServiceFailureHaltsTheScAtOnceWithoutARestart() throws Exception {
        Path ff = script("guard", "exit 2");
        Path other = script("other", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("other", other), ServiceSpec.of("guard", ff).withFailfast());
        sup.onRole(Role.MAIN, 9);
        await(EventKind.FAILFAST, 1);
        assertEquals(List.of("failfast service guard failed: exited with status 2"), halts);
        EventDraft d = last(EventKind.FAILFAST);
        assertEquals("service:guard", d.field("cause"));
        assertFalse(kinds().contains(EventKind.SERVICE_RESTARTED));
        assertEquals(State.HALTED, state("guard"));
        await(EventKind.SERVICE_STOPPED, 1);
        assertEquals("other", last(EventKind.SERVICE_STOPPED).field("service"), "the SC halts: the other services stop");
        sup.onRole(Role.MAIN, 10);
        time.runDue();
        assertEquals(State.STOPPED, state("other"), "a halted SC starts nothing");
        // without a kernel watchdog the runtime restarts itself after the halt: the SC is back
        sup.onRole(Role.HALTED, 10);
        time.runDue();
        assertEquals(State.STOPPED, state("other"));
        sup.onRole(Role.SPARE, 10);
        sup.onRole(Role.MAIN, 11);
        // both start again (the guard, still failing, then halts the SC again: as after a reset)
        await(EventKind.SERVICE_STARTED, 4);
        assertEquals(2, events.stream().filter(x -> x.kind() == EventKind.SERVICE_STARTED
                && "other".equals(x.field("service"))).count(), kinds()::toString);
        await(EventKind.FAILFAST, 2);
    }

    @Test
    void aServiceRunningOnBothRolesStartsOnTheSpareAndSurvivesRoleChanges() throws Exception {
        Path svc = noting("agent", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("agent", svc).withRuns(ServiceSpec.Runs.BOTH));
        sup.onRole(Role.SPARE, 1);
        await(EventKind.SERVICE_STARTED, 1);
        sup.onRole(Role.MAIN, 2);
        sup.onRole(Role.SPARE, 3);
        time.runDue();
        Thread.sleep(200);
        time.runDue();
        assertEquals(List.of(EventKind.SERVICE_STARTED), kinds());
        assertEquals(State.RUNNING, state("agent"));
    }

    @Test
    void aServiceThatCannotStartCountsAsAFailure() throws Exception {
        Path notExec = dir.resolve("gone");
        supervisor(ServiceSpec.of("gone", notExec).withRestarts(1));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_RESTARTED, 1);
        assertTrue(last(EventKind.SERVICE_EXITED).field("error").startsWith("could not start"));
        time.advance(SupervisionConfig.DEFAULT_RESTART_DELAY);
        await(EventKind.SERVICE_EXHAUSTED, 1);
    }

    @Test
    void stopAllStopsEveryServiceAndRestartsNone() throws Exception {
        Path a = script("a", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        Path b = script("b", "trap 'exit 0' TERM\nwhile :; do sleep 0.05; done");
        supervisor(ServiceSpec.of("a", a).withRestarts(3), ServiceSpec.of("b", b).withRuns(ServiceSpec.Runs.BOTH));
        sup.onRole(Role.MAIN, 1);
        await(EventKind.SERVICE_STARTED, 2);
        var done = sup.stopAll();
        time.awaitUntil(done::isDone, "stopped");
        assertEquals(2, kinds().stream().filter(k -> k == EventKind.SERVICE_STOPPED).count());
        assertFalse(kinds().contains(EventKind.SERVICE_RESTARTED));
        List<State> states = new ArrayList<>();
        sup.status().forEach(s -> states.add(s.state()));
        assertEquals(List.of(State.STOPPED, State.STOPPED), states);
    }
}

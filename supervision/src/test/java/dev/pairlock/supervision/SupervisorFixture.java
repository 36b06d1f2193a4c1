package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.supervision.Supervisor.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness the supervisor's tests share: real child processes (small shell scripts written into a
 * temporary directory), the supervisor's time through a {@link SteppedScheduler}, its records, failover
 * requests and halts collected; every service stopped after each test.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class SupervisorFixture {
    /** From the exhaustion's record to the first failover request. */
    static final Duration DELAY = Duration.ofSeconds(1);
    /** How often a MAIN with an exhausted service asks again. */
    static final Duration RETRY = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final SteppedScheduler time = new SteppedScheduler();
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final List<String> failoverRequests = new CopyOnWriteArrayList<>();
    final List<String> halts = new CopyOnWriteArrayList<>();
    volatile FailoverRequester.Answer answer = FailoverRequester.Answer.accepted();
    /** Processes a test started outside the supervisor (or saw it start): killed after the test. */
    final List<ProcessHandle> strays = new CopyOnWriteArrayList<>();
    Supervisor sup;

    @AfterEach
    void cleanUp() throws Exception {
        strays.forEach(ProcessHandle::destroyForcibly);
        if (sup != null) {
            var done = sup.stopAll();
            time.advance(Duration.ofSeconds(10)); // past every grace
            time.awaitUntil(done::isDone, "every service stopped");
        }
    }

    /** pairlockd's state directory in these tests: where the services' process groups are recorded. */
    Path stateDir() {
        return dir.resolve("state");
    }

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** The test's supervisor ({@link #sup}), on {@link #time}, recording into {@link #events}. */
    Supervisor supervisor(ServiceSpec... specs) {
        sup = supervisor(time, events, specs);
        return sup;
    }

    /** Another supervisor on the same state directory, with its own time and records. */
    Supervisor supervisor(SteppedScheduler on, List<EventDraft> records, ServiceSpec... specs) {
        return new Supervisor(new SupervisionConfig(List.of(specs)), stateDir(), on, records::add, cause -> {
            failoverRequests.add(cause);
            return answer;
        }, halts::add, RETRY, DELAY);
    }

    List<EventKind> kinds() {
        return events.stream().map(EventDraft::kind).toList();
    }

    long count(EventKind k) {
        return kinds().stream().filter(x -> x == k).count();
    }

    EventDraft last(EventKind k) {
        List<EventDraft> l = events.stream().filter(d -> d.kind() == k).toList();
        assertFalse(l.isEmpty(), "no " + k + " in " + kinds());
        return l.getLast();
    }

    Supervisor.ServiceStatus status(String name) {
        return sup.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    State state(String name) {
        return status(name).state();
    }

    /**
     * Alive and not a zombie: the child, reparented to init when the wrapper died, stays a zombie
     * until init reaps it, which the init of a test VM may do late.
     */
    static boolean running(ProcessHandle h) throws Exception {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    void await(EventKind k, int count) throws InterruptedException {
        time.awaitUntil(() -> count(k) >= count, count + " x " + k + "; have " + kinds());
    }
}

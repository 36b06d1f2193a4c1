package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.failover.Role;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One failover request per MAIN term for the whole supervisor ({@link FailoverRequest}): services that
 * exhaust their restarts together make one request naming them all, retried as one, its refusal
 * recorded once per reason (same harness as SupervisorTest: real processes, stepped time). Each
 * service here fails when the test says (it waits for its ".go" file), so the order and the virtual
 * time of every exhaustion are the test's.
 */
class SupervisorFailoverRequestTest extends SupervisorFixture {
    static final String NOT_IN_SYNC = "priority-1 data not in sync";

    {
        answer = FailoverRequester.Answer.refused(NOT_IN_SYNC);
    }

    /** Services that each run until their ".go" file exists, then exit 1; restart_count 0. */
    void supervise(String... names) throws Exception {
        List<ServiceSpec> specs = new ArrayList<>();
        for (String name : names) {
            specs.add(ServiceSpec.of(name, script(name, "trap 'exit 0' TERM\nwhile [ ! -e " + dir.resolve(name + ".go")
                    + " ]; do sleep 0.02; done\nexit 1")));
        }
        supervisor(specs.toArray(ServiceSpec[]::new));
        sup.onRole(Role.MAIN, 1);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == names.length, "all started; have " + kinds());
    }

    /** {@code name} fails now (virtual time stands still) and is exhausted. */
    void exhaust(String name) throws Exception {
        long before = requested();
        Files.createFile(dir.resolve(name + ".go"));
        time.awaitUntil(() -> requested() == before + 1, name + " exhausted; have " + kinds());
        EventDraft d = exhaustedRecords().getLast();
        assertEquals(name, d.field("service"));
        assertEquals("failover-requested", d.field("decision"));
    }

    List<EventDraft> exhaustedRecords() {
        return events.stream().filter(d -> d.kind() == EventKind.SERVICE_EXHAUSTED).toList();
    }

    long requested() {
        return exhaustedRecords().stream().filter(d -> "failover-requested".equals(d.field("decision"))).count();
    }

    List<EventDraft> refusals() {
        return exhaustedRecords().stream().filter(d -> d.field("decision").startsWith("failover-refused")).toList();
    }

    @Test
    void twoServicesExhaustingWithinTheWindowMakeOneRequestNamingBoth() throws Exception {
        answer = FailoverRequester.Answer.accepted();
        supervise("a", "b");
        exhaust("a");
        time.advance(Duration.ofMillis(500));
        exhaust("b"); // within a's second: the request is re-armed for a second after b's record
        time.advance(Duration.ofMillis(500));
        assertEquals(List.of(), failoverRequests, "not yet: b's record has had half a second to reach the SPARE");
        time.advance(Duration.ofMillis(500));
        assertEquals(List.of("service:a,service:b"), failoverRequests, "one request, naming both");
        time.advance(RETRY);
        assertEquals(List.of("service:a,service:b", "service:a,service:b"), failoverRequests,
                "still MAIN after a started request: asked again, once");
    }

    @Test
    void aSecondExhaustionAfterARefusalReArmsOneRequestNotTwo() throws Exception {
        supervise("a", "b");
        exhaust("a");
        time.advance(DELAY);
        assertEquals(List.of("service:a"), failoverRequests);
        assertEquals(1, refusals().size());
        time.advance(Duration.ofSeconds(2)); // t = 3 s, a's retry due at 11 s
        exhaust("b");
        time.advance(DELAY); // t = 4 s: the one request, re-armed by b, now names both
        assertEquals(List.of("service:a", "service:a,service:b"), failoverRequests);
        time.advance(Duration.ofSeconds(30)); // its retries at 14, 24, 34 s; a's old 11 s retry is gone
        assertEquals(List.of("service:a", "service:a,service:b", "service:a,service:b", "service:a,service:b",
                "service:a,service:b"), failoverRequests);
        assertEquals(1, refusals().size(), "the same refusal is not news: " + refusals());
    }

    @Test
    void aRefusalIsRecordedOncePerReasonNotPerServiceOrRetry() throws Exception {
        supervise("a", "b");
        exhaust("a");
        exhaust("b");
        time.advance(DELAY);
        time.advance(Duration.ofSeconds(30));
        assertEquals(4, failoverRequests.size(), "one request a retry: " + failoverRequests);
        assertEquals(1, refusals().size(), "one refusal record for one reason: " + refusals());
        EventDraft r = refusals().getFirst();
        assertEquals(NOT_IN_SYNC, r.field("refusal"));
        assertEquals("a,b", r.field("services"));
        assertEquals("service:a,service:b", r.field("cause"));
        assertEquals("10000ms", r.field("retry_every"));
        answer = FailoverRequester.Answer.refused("the peer is not a healthy SPARE (peer lost)");
        time.advance(RETRY);
        time.advance(RETRY);
        assertEquals(2, refusals().size(), "a new reason is recorded, once");
        assertEquals("the peer is not a healthy SPARE (peer lost)", refusals().getLast().field("refusal"));
        answer = FailoverRequester.Answer.refused(NOT_IN_SYNC);
        time.advance(RETRY);
        assertEquals(3, refusals().size(), "the first reason again is a change");
    }

    @Test
    void leavingMainCancelsTheOneRequestAndANewTermStartsAfresh() throws Exception {
        supervise("a", "b");
        exhaust("a");
        exhaust("b");
        time.advance(DELAY);
        assertEquals(1, failoverRequests.size(), "one request: " + failoverRequests);
        sup.onRole(Role.SPARE, 2); // e.g. the peer took over
        time.advance(Duration.ofSeconds(60));
        assertEquals(1, failoverRequests.size(), "none once the SC left MAIN: " + failoverRequests);
        assertEquals(2, count(EventKind.SERVICE_EXHAUSTED_CLEARED));
        // MAIN again, a new term: the services start again; a fresh exhaustion is asked for afresh
        Files.delete(dir.resolve("b.go"));
        sup.onRole(Role.MAIN, 3);
        time.awaitUntil(() -> count(EventKind.SERVICE_STARTED) == 4, "started again; have " + kinds());
        time.awaitUntil(() -> requested() == 3, "a exhausted again; have " + kinds());
        time.advance(DELAY);
        assertEquals(List.of("service:a,service:b", "service:a"), failoverRequests);
        assertEquals(2, refusals().size(), "the refusal of a new term is recorded again");
    }
}

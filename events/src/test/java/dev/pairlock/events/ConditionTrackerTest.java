package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.VirtualTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reported once, flapping summarised: the tracker on virtual time. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConditionTrackerTest {
    static final long S = 1_000_000_000L;
    final VirtualTime time = new VirtualTime();
    final List<String> out = new ArrayList<>();
    final ConditionTracker tracker = new ConditionTracker(time, 30 * S, new ConditionTracker.Output() {
        @Override
        public void report(SelRecord r) {
            out.add(r.kind() + "@" + time.now() / S);
        }

        @Override
        public void flapping(String condition, int transitions, boolean active, SelRecord latest, SelRecord thenReport) {
            out.add("FLAPPING " + condition + " x" + transitions + " " + (active ? "active" : "clear") + "@" + time.now() / S);
            if (thenReport != null) {
                report(thenReport);
            }
        }
    });

    static SelRecord rec(EventKind k) {
        return new SelRecord(1, Instant.EPOCH, 0, ScId.SC0, Role.MAIN, 1, k, k.defaultSeverity(), Map.of());
    }

    void lost() {
        tracker.update("peer", true, rec(EventKind.PEER_LOST));
    }

    void repaired() {
        tracker.update("peer", false, rec(EventKind.PEER_REPAIRED));
    }

    @Test
    void aConditionIsReportedOnceWhenItStartsAndOnceWhenItClears() {
        lost();
        time.runFor(5 * S);
        lost(); // the next probe says the same: nothing new
        lost();
        time.runFor(60 * S);
        repaired();
        repaired();
        time.runFor(60 * S);
        assertEquals(List.of("PEER_LOST@0", "PEER_REPAIRED@65"), out);
        assertEquals(Map.of(), tracker.conditions(), "a cleared, quiet condition is forgotten");
    }

    @Test
    void aClearOfAConditionNeverStartedSendsNothing() {
        repaired();
        time.runFor(60 * S);
        assertEquals(List.of(), out);
    }

    @Test
    void flappingWithinTheHoldDownIsSummarisedAtItsEnd() {
        lost(); // t=0 reported
        for (int i = 0; i < 3; i++) { // 6 changes within the window, ending repaired
            time.runFor(2 * S);
            repaired();
            time.runFor(2 * S);
            lost();
        }
        time.runFor(1 * S);
        repaired(); // t=13
        time.runFor(100 * S);
        assertEquals(List.of("PEER_LOST@0", "FLAPPING peer x7 clear@30", "PEER_REPAIRED@30"), out);
    }

    @Test
    void flappingThatEndsWhereItWasReportedSendsOnlyTheSummary() {
        lost();
        time.runFor(S);
        repaired();
        time.runFor(S);
        lost();
        time.runFor(100 * S);
        assertEquals(List.of("PEER_LOST@0", "FLAPPING peer x2 active@30"), out);
    }

    @Test
    void ongoingFlappingIsSummarisedOncePerHoldDown() {
        lost();
        for (int t = 1; t <= 75; t++) { // a change every second for 75 s
            time.runFor(S);
            if (t % 2 == 1) {
                repaired();
            } else {
                lost();
            }
        }
        time.runFor(200 * S);
        // changes at t = 1..29 (ending repaired), 30..59 (repaired), 60..75 (repaired)
        assertEquals(List.of("PEER_LOST@0", "FLAPPING peer x29 clear@30", "PEER_REPAIRED@30", "FLAPPING peer x30 clear@60",
                "FLAPPING peer x16 clear@90"), out);
    }

    @Test
    void conditionsAreTrackedApart() {
        tracker.update("board:3", true, rec(EventKind.BOARD_UNREACHABLE));
        tracker.update("board:4", true, rec(EventKind.BOARD_UNREACHABLE));
        tracker.update("board:3", false, rec(EventKind.BOARD_REPAIRED));
        assertEquals(Map.of("board:3", false, "board:4", true), tracker.conditions());
        assertEquals(List.of("BOARD_UNREACHABLE@0", "BOARD_UNREACHABLE@0"), out);
    }

    @Test
    void withNoHoldDownEveryChangeIsReported() {
        ConditionTracker t = new ConditionTracker(time, 0, new ConditionTracker.Output() {
            @Override
            public void report(SelRecord r) {
                out.add(r.kind().name());
            }

            @Override
            public void flapping(String c, int n, boolean a, SelRecord l, SelRecord then) {
                out.add("FLAPPING");
            }
        });
        t.update("sync", true, rec(EventKind.SYNC_FAILED));
        t.update("sync", false, rec(EventKind.SYNC_CLEARED));
        t.update("sync", true, rec(EventKind.SYNC_FAILED));
        assertEquals(List.of("SYNC_FAILED", "SYNC_CLEARED", "SYNC_FAILED"), out);
    }
}

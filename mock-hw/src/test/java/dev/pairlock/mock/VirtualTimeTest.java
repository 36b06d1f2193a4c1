package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.time.Scheduler.Timer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VirtualTimeTest {
    private final VirtualTime time = new VirtualTime();
    private final List<String> log = new ArrayList<>();

    @Test
    void runsInTimeOrderAndTiesInInsertionOrder() {
        time.schedule(20, () -> log.add("c@" + time.now()));
        time.schedule(10, () -> log.add("a@" + time.now()));
        time.schedule(10, () -> log.add("b@" + time.now()));
        time.schedule(0, () -> log.add("z@" + time.now()));
        while (time.step()) {
            // drain
        }
        assertEquals(List.of("z@0", "a@10", "b@10", "c@20"), log);
        assertEquals(4, time.eventsRun());
        assertFalse(time.step());
    }

    @Test
    void runUntilRunsDueEventsIncludingNewOnesThenSetsNow() {
        time.schedule(5, () -> {
            log.add("first");
            time.schedule(5, () -> log.add("chained@" + time.now()));
            time.schedule(6, () -> log.add("late"));
        });
        time.runUntil(10);
        assertEquals(List.of("first", "chained@10"), log);
        assertEquals(10, time.now());
        assertEquals(10, time.nanos());
        assertEquals(1, time.pending());
        assertEquals(11, time.nextEventTime());
        time.runFor(1);
        assertEquals("late", log.getLast());
    }

    @Test
    void cancelledTimersDoNotRunAndDoNotLeak() {
        Timer t = time.schedule(5, () -> log.add("cancelled"));
        t.cancel();
        t.cancel();
        time.runUntil(100);
        assertTrue(log.isEmpty());
        assertEquals(0, time.eventsRun());
        for (int i = 0; i < 100_000; i++) {
            time.schedule(1_000, () -> log.add("x")).cancel();
        }
        assertEquals(0, time.pending());
        time.schedule(1, () -> log.add("live"));
        time.runFor(10_000);
        assertEquals(List.of("live"), log);
    }

    @Test
    void hooksRunAfterEveryEvent() {
        int[] hooks = new int[1];
        time.afterEachEvent(() -> hooks[0]++);
        time.schedule(1, () -> log.add("a"));
        time.schedule(2, () -> log.add("b"));
        time.runUntil(5);
        assertEquals(2, hooks[0]);
    }

    @Test
    void rejectsPastAndNegativeTimes() {
        time.runUntil(100);
        assertThrows(HalArgumentException.class, () -> time.schedule(-1, () -> { }));
        assertThrows(HalArgumentException.class, () -> time.scheduleAt(99, () -> { }));
        assertThrows(HalArgumentException.class, () -> time.runUntil(50));
        assertThrows(HalArgumentException.class, () -> time.schedule(Long.MAX_VALUE, () -> { }));
        assertThrows(NullPointerException.class, () -> time.schedule(1, null));
    }

    @Test
    void manyEventsKeepOrder() {
        long[] last = {-1};
        boolean[] ordered = {true};
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            time.schedule(r.nextLong(1_000_000), () -> {
                ordered[0] &= time.now() >= last[0];
                last[0] = time.now();
            });
        }
        time.runUntil(1_000_000);
        assertTrue(ordered[0]);
        assertEquals(200_000, time.eventsRun());
    }

    @Test
    void aHeldTaskWaitsForTheEndOfTheHoldBehindWhatIsDueThenAndTheMoveCountsAsAnEvent() {
        long[] heldUntil = {0};
        VirtualTime.Gate gate = () -> heldUntil[0];
        int[] hooks = {0};
        time.afterEachEvent(() -> hooks[0]++);
        time.schedule(10, () -> heldUntil[0] = 50); // the stall begins (hardware: not gated)
        time.schedule(20, () -> log.add("gated-a@" + time.now()), gate);
        time.schedule(30, () -> log.add("gated-b@" + time.now()), gate);
        time.schedule(50, () -> log.add("hw@" + time.now())); // due at the end of the hold: runs first
        time.schedule(60, () -> log.add("gated-c@" + time.now()), gate);
        time.runUntil(100);
        assertEquals(List.of("hw@50", "gated-a@50", "gated-b@50", "gated-c@60"), log);
        // 5 tasks run, 2 moves: 7 events, each followed by the hooks
        assertEquals(7, time.eventsRun());
        assertEquals(7, hooks[0]);
    }

    @Test
    void aHeldTaskIsHeldAgainIfTheHoldGrowsAndCanStillBeCancelled() {
        long[] heldUntil = {40};
        VirtualTime.Gate gate = () -> heldUntil[0];
        time.schedule(40, () -> heldUntil[0] = 80); // the stall is extended as it would have ended
        time.schedule(10, () -> log.add("kept@" + time.now()), gate);
        Timer dropped = time.schedule(20, () -> log.add("dropped"), gate);
        time.schedule(30, dropped::cancel); // cancelled while it waits behind the gate
        time.runUntil(100);
        assertEquals(List.of("kept@80"), log);
        assertEquals(0, time.pending());
    }
}

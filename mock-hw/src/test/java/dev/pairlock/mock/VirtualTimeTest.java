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
}

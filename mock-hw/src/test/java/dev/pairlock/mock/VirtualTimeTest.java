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

    /**
     * The current instant's FIFO beside the heap: against a reference queue ordered by (time,
     * insertion sequence) alone, random tasks that schedule more tasks (half of them for the same
     * instant), cancel some, and sit behind a gate that holds now and then, run in the same order,
     * at the same instants, with the same pending counts after every event.
     */
    @Test
    void zeroDelayTasksRunInExactlyTheOrderOfOneQueueOrderedByTimeThenSequence() {
        for (long seed = 1; seed <= 200; seed++) {
            assertEquals(reference(seed, 20), actual(seed, 20), "seed " + seed);
        }
    }

    /**
     * The same against a queue long enough that insertion bisects rather than scans (over 32
     * future events, most of them tied with others for the same instant).
     */
    @Test
    void aLongQueueRunsInExactlyTheOrderOfOneQueueOrderedByTimeThenSequence() {
        for (long seed = 1; seed <= 40; seed++) {
            assertEquals(reference(seed, 150), actual(seed, 150), "seed " + seed);
        }
    }

    /**
     * Cancelling most of a long queue filters it (more than 64 cancelled and more than half): the
     * events left run in (time, insertion) order, and only they run.
     */
    @Test
    void cancellingMostOfALongQueueKeepsTheRestInTheirOrder() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        List<long[]> expected = new ArrayList<>(); // {time, insertion index}
        List<Timer> cancelled = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long at = 1 + r.nextLong(25);
            int id = i;
            Timer t = time.schedule(at, () -> log.add(time.now() + ":" + id));
            if (r.nextInt(3) == 0) {
                expected.add(new long[] {at, id});
            } else {
                cancelled.add(t);
            }
        }
        cancelled.forEach(Timer::cancel);
        assertEquals(expected.size(), time.pending());
        time.runUntil(100);
        expected.sort(java.util.Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        assertEquals(expected.stream().map(e -> e[0] + ":" + e[1]).toList(), log);
        assertEquals(expected.size(), time.eventsRun());
    }

    private record Step(int id, long at, int pending) {
    }

    /** A reference queue: every task in one list, the least (time, sequence) runs next. */
    private static List<Step> reference(long seed, int initial) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<long[]> queue = new ArrayList<>(); // {time, seq, id, gated, cancelled}
        long[] clock = {0};
        long[] seq = {0};
        long[] hold = {0};
        List<Step> out = new ArrayList<>();
        int[] ids = {0};
        for (int i = 0; i < initial; i++) {
            queue.add(new long[] {r.nextLong(50), seq[0]++, ids[0]++, r.nextInt(3) == 0 ? 1 : 0, 0});
        }
        while (!queue.isEmpty() && out.size() < 5_000) {
            long[] next = null;
            for (long[] e : queue) {
                if (next == null || e[0] < next[0] || e[0] == next[0] && e[1] < next[1]) {
                    next = e;
                }
            }
            queue.remove(next);
            if (next[4] == 1) {
                continue;
            }
            clock[0] = next[0];
            if (next[3] == 1 && hold[0] > clock[0]) {
                next[0] = hold[0];
                next[1] = seq[0]++;
                queue.add(next);
            } else {
                // the task: draws exactly as the actual one does
                int children = r.nextInt(3);
                for (int c = 0; c < children; c++) {
                    long delay = r.nextBoolean() ? 0 : r.nextLong(30);
                    queue.add(new long[] {clock[0] + delay, seq[0]++, ids[0]++, r.nextInt(3) == 0 ? 1 : 0, 0});
                }
                if (r.nextInt(4) == 0) {
                    // a victim among the tasks still queued (held ones too), in the order they were made
                    List<long[]> live = new ArrayList<>(queue.stream().filter(e -> e[4] == 0).toList());
                    live.sort(java.util.Comparator.comparingLong(e -> e[2]));
                    if (!live.isEmpty()) {
                        live.get(r.nextInt(live.size()))[4] = 1;
                    }
                }
                if (r.nextInt(10) == 0) {
                    hold[0] = clock[0] + r.nextLong(20);
                }
                out.add(new Step((int) next[2], clock[0], (int) queue.stream().filter(e -> e[4] == 0).count()));
                continue;
            }
            out.add(new Step(-1, clock[0], (int) queue.stream().filter(e -> e[4] == 0).count()));
        }
        return out;
    }

    /** The same random program on VirtualTime. */
    private static List<Step> actual(long seed, int initial) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        VirtualTime vt = new VirtualTime();
        long[] hold = {0};
        VirtualTime.Gate gate = () -> hold[0];
        List<Step> out = new ArrayList<>();
        List<Timer> timers = new ArrayList<>(); // every timer, in creation order, for the victims
        List<Boolean> done = new ArrayList<>();
        int[] ids = {0};
        int[] ranId = {-1};
        class Task implements Runnable {
            final int id = ids[0]++;

            @Override
            public void run() {
                ranId[0] = id;
                done.set(id, true);
                int children = r.nextInt(3);
                for (int c = 0; c < children; c++) {
                    long delay = r.nextBoolean() ? 0 : r.nextLong(30);
                    Task t = new Task();
                    done.add(false);
                    timers.add(vt.schedule(delay, t, r.nextInt(3) == 0 ? gate : null));
                }
                if (r.nextInt(4) == 0) {
                    // the reference picks among the tasks still queued, in the order they were queued
                    List<Integer> queued = new ArrayList<>();
                    for (int k = 0; k < timers.size(); k++) {
                        if (!done.get(k)) {
                            queued.add(k);
                        }
                    }
                    if (!queued.isEmpty()) {
                        int k = queued.get(r.nextInt(queued.size()));
                        timers.get(k).cancel();
                        done.set(k, true);
                    }
                }
                if (r.nextInt(10) == 0) {
                    hold[0] = vt.now() + r.nextLong(20);
                }
            }
        }
        for (int i = 0; i < initial; i++) {
            long at = r.nextLong(50);
            Task t = new Task();
            done.add(false);
            timers.add(vt.schedule(at, t, r.nextInt(3) == 0 ? gate : null));
        }
        vt.afterEachEvent(() -> {
            out.add(new Step(ranId[0], vt.now(), vt.pending()));
            ranId[0] = -1;
        });
        while (out.size() < 5_000 && vt.step()) {
            // step by step
        }
        return out;
    }
}

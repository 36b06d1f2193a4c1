package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the watchdogs are pet: a loop on time always, a loop whose ticks stopped soon not. */
class LivenessTest {
    private static final long S = 1_000_000_000L;

    /**
     * Runs checks every {@code interval} over {@code span} against ticks every {@code tick} (each up to
     * {@code lateBy} late) that stop at {@code ticksStopAt}; returns {longest gap between pets while
     * ticking, time from the last tick to the last pet}.
     */
    private static long[] run(long tick, long interval, long lateBy, long span, long ticksStopAt) {
        long allowance = Liveness.checksWithoutTick(tick, interval);
        long ticks = 0;
        long lastSeen = -1;
        long since = 0;
        long lastPet = 0;
        long longestGap = 0;
        long lastTickAt = 0;
        long nextTick = tick;
        int n = 0;
        for (long now = interval; now <= span; now += interval) {
            while (nextTick + (n++ % 3 == 0 ? lateBy : 0) <= now && nextTick < ticksStopAt) {
                ticks++;
                lastTickAt = nextTick;
                nextTick += tick;
            }
            boolean ticked = ticks != lastSeen;
            since = ticked ? 0 : since + 1;
            lastSeen = ticks;
            if (Liveness.progress(ticked, since, allowance)) {
                if (now <= ticksStopAt) {
                    longestGap = Math.max(longestGap, now - lastPet);
                }
                lastPet = now;
            }
        }
        return new long[] {longestGap, lastPet - lastTickAt};
    }

    @Test
    void theDefaultFdtKeepsTheOldRuleAPetOnlyForANewTick() {
        assertEquals(0, Liveness.checksWithoutTick(S / 10, S));
        long[] r = run(S / 10, S, S / 100, 600 * S, 300 * S);
        assertEquals(S, r[0], "pets every check while ticking");
        assertTrue(r[1] <= S, "the first check after the ticks stopped is the last pet: " + r[1]);
    }

    /**
     * fdt = 120 s: a tick every 12 s, checks every 2.5 s (the kernel watchdog's 10 s / 4). Before, a
     * check that saw no new tick did not pet, four in a row did not, and the kernel watchdog reset a
     * healthy SC every 10 s; now the pets go on while the loop is on time and stop soon after it is not.
     */
    @Test
    void aLargeFdtKeepsTheWatchdogsPetWhileTheLoopIsOnTime() {
        long tick = 12 * S;
        long interval = 10 * S / 4;
        long[] r = run(tick, interval, S / 2, 3_600 * S, 1_800 * S);
        assertTrue(r[0] < 10 * S, "longest gap between pets " + r[0] / 1e9 + " s: the 10 s kernel watchdog fires");
        assertTrue(r[1] <= tick + (Liveness.checksWithoutTick(tick, interval) + 1) * interval,
                "pets went on " + r[1] / 1e9 + " s after the last tick");
        assertTrue(!Liveness.progress(false, Liveness.checksWithoutTick(tick, interval) + 1, Liveness.checksWithoutTick(tick, interval)));
    }
}

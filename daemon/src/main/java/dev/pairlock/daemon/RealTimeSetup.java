package dev.pairlock.daemon;

import dev.pairlock.hal.time.Scheduler;

/**
 * What pairlockd does to its own process so its control loop keeps time: the loop's thread at
 * {@code control.rt_priority} ({@link ControlPriority}), HotSpot's {@code VM Thread}, which runs
 * every safepoint, at nice -20 beside it ({@link SafepointPriority}), and transparent huge pages off
 * for the process ({@link NoHugePages}). One entry, so the daemon and the benchmark that measures its
 * heartbeat jitter ({@code bench}'s {@code GcJitter}) set up the same process; each part's refusal is
 * logged and said in the returned words, never fatal.
 */
public final class RealTimeSetup {
    private RealTimeSetup() {
    }

    /**
     * Applies all three for {@code control}'s thread at {@code rtPriority} (0: the loop and the VM Thread
     * stay time-shared; THP goes off regardless); returns the START line's words.
     */
    public static String apply(Scheduler control, int rtPriority) {
        return ControlPriority.apply(control, rtPriority) + "; " + SafepointPriority.apply(rtPriority) + "; "
                + NoHugePages.apply();
    }
}

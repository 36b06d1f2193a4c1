package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;

/**
 * The MAIN's one timer for when nothing can run now but something falls due later (a retry, or a
 * failure that turns FAILED by waiting alone): armed at the planner's next such time, it runs the
 * engine's dispatch then. A later time does not re-arm it (the earlier run dispatches and arms the
 * next), so dispatching often costs no timer churn. Runs on the engine's scheduler only.
 */
final class WakeTimer {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Runnable task;
    /** The pending timer; null while none is pending (before the first, and once it has run). */
    private Scheduler.Timer timer;
    /** When {@link #timer} runs; {@code Long.MAX_VALUE} exactly while it is null. */
    private long at = Long.MAX_VALUE;

    WakeTimer(Scheduler scheduler, Clock clock, Runnable task) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.task = task;
    }

    /** Runs the task at {@code when} (clock nanos), unless it runs at or before then already; MAX_VALUE: never. */
    void arm(long when) {
        if (when == Long.MAX_VALUE || when >= at && timer != null) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        at = when;
        timer = scheduler.schedule(Math.max(0, when - clock.nanos()), () -> {
            timer = null;
            at = Long.MAX_VALUE;
            task.run();
        });
    }
}

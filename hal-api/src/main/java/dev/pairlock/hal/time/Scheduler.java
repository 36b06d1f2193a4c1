package dev.pairlock.hal.time;

/**
 * Runs tasks later. Tasks of one scheduler never run concurrently with each other, so code
 * driven only by its scheduler needs no locks; the simulator's scheduler runs them on virtual time.
 */
public interface Scheduler {
    /** Runs {@code task} after {@code delayNanos} (0 = as soon as possible, after tasks already due). */
    Timer schedule(long delayNanos, Runnable task);

    /** A scheduled task that can be called off. */
    interface Timer {
        /** Prevents the task from running if it has not started; idempotent. */
        void cancel();
    }
}

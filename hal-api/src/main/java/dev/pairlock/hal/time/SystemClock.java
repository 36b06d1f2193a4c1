package dev.pairlock.hal.time;

/** The JVM's monotonic clock: the one place real time is read. */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }
}

package dev.pairlock.gpio.heartbeat;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.util.PriorityQueue;

/** Virtual time for tests: tasks run only when the test advances the clock. */
final class ManualTime implements Clock, Scheduler {
    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayNanos), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }

    /** Runs every task due up to {@code t}, each at its own instant. */
    void runUntil(long t) {
        while (!queue.isEmpty() && queue.peek().due <= t) {
            Task k = queue.poll();
            now = Math.max(now, k.due);
            if (!k.cancelled[0]) {
                k.run.run();
            }
        }
        now = t;
    }

    /** Jumps the clock without running anything: a stall. */
    void stall(long t) {
        now = t;
    }
}

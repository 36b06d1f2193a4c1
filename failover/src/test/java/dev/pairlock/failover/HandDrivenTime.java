package dev.pairlock.failover;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time and timers a runtime test drives by hand, on its own thread: a task runs when the test
 * moves time past it, in (time, scheduling order). Timers are never cancelled (the runtime's tasks
 * check their incarnation). A task that throws either fails the test at once ({@link #rethrowing})
 * or, as a real scheduler survives it, is kept for the test to look at ({@link #keepingEscapes}).
 */
final class HandDrivenTime implements Scheduler, Clock {
    private record Timed(long at, long seq, Runnable task) {
    }

    private final PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    /** Exceptions that escaped a task; null when they are rethrown instead. */
    private final List<Throwable> escaped;
    private long now;
    private long seq;

    private HandDrivenTime(List<Throwable> escaped) {
        this.escaped = escaped;
    }

    static HandDrivenTime rethrowing() {
        return new HandDrivenTime(null);
    }

    static HandDrivenTime keepingEscapes() {
        return new HandDrivenTime(new ArrayList<>());
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        queue.add(new Timed(now + delayNanos, seq++, task));
        return () -> { };
    }

    @Override
    public long nanos() {
        return now;
    }

    /** Runs every task due by {@code t}, then stands at {@code t}. */
    void runUntil(long t) {
        while (!queue.isEmpty() && queue.peek().at <= t) {
            Timed e = queue.poll();
            now = e.at;
            if (escaped == null) {
                e.task.run();
                continue;
            }
            try {
                e.task.run();
            } catch (Throwable error) {
                escaped.add(error);
            }
        }
        now = t;
    }

    /** What escaped the tasks so far (only when {@link #keepingEscapes}). */
    List<Throwable> escaped() {
        return escaped;
    }
}

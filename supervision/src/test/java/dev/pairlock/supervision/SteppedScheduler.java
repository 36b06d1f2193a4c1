package dev.pairlock.supervision;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The supervisor's time in tests: virtual, moved only by {@link #advance}; tasks run on the test's
 * thread. Real processes post their exits from other threads; {@link #awaitUntil} runs them as they
 * come, without moving virtual time, so a restart delay or a stop grace passes only when the test says.
 */
final class SteppedScheduler implements Scheduler, Clock {
    private record Task(long at, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public synchronized Timer schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), seq++, task);
        tasks.add(t);
        notifyAll();
        return () -> {
            synchronized (SteppedScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    private Task nextDue(long until) {
        synchronized (this) {
            Task t = tasks.peek();
            if (t == null || t.at > until) {
                return null;
            }
            tasks.poll();
            now = Math.max(now, t.at);
            return t;
        }
    }

    /** Runs what is due now. */
    void runDue() {
        Task t;
        while ((t = nextDue(nanos())) != null) {
            t.run.run();
        }
    }

    /** Moves virtual time forward by {@code d}, running every task that falls due on the way. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        Task t;
        while ((t = nextDue(target)) != null) {
            t.run.run();
        }
        synchronized (this) {
            now = target;
        }
        runDue();
    }

    /** Runs tasks as they arrive (real process exits) until {@code done}; fails after 30 s of real time. */
    void awaitUntil(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            runDue();
            if (done.getAsBoolean()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("not within 30 s: " + what);
            }
            synchronized (this) {
                Task t = tasks.peek();
                if (t == null || t.at > now) {
                    wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                }
            }
        }
    }
}

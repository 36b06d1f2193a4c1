package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Virtual time for engine tests with real I/O: tasks run on one real thread, in order, but time
 * stands still until the test {@link #advance}s it, so a period of an hour or a retry interval of a
 * minute passes without sleeping, and nothing timed happens by surprise.
 */
final class SteppedTime implements Clock, Scheduler, AutoCloseable {
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stepped-time");
        t.setDaemon(true);
        return t;
    });
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long seq;

    private final class Pending implements Comparable<Pending>, Timer {
        final long at;
        final long order = seq++;
        final Runnable task;
        volatile boolean cancelled;

        Pending(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public int compareTo(Pending o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    @Override
    public synchronized Timer schedule(long delayNanos, Runnable task) {
        Pending p = new Pending(now + Math.max(0, delayNanos), task);
        if (delayNanos <= 0) {
            runner.execute(() -> {
                if (!p.cancelled) {
                    p.task.run();
                }
            });
        } else {
            pending.add(p);
        }
        return p;
    }

    /** Moves time forward by {@code d}, running what falls due in time order; returns when they have run. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Pending p;
            synchronized (this) {
                p = pending.peek();
                if (p == null || p.at > target) {
                    now = target;
                    break;
                }
                pending.poll();
                now = p.at;
            }
            if (!p.cancelled) {
                run(p.task);
            }
        }
        run(() -> { }); // everything posted so far has run
    }

    /** Runs {@code task} on the runner thread and waits for it (and so for everything queued before it). */
    void run(Runnable task) {
        Future<?> f = runner.submit(task);
        try {
            f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}

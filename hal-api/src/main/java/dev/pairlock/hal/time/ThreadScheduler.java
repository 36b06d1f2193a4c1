package dev.pairlock.hal.time;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * Real time: one daemon thread runs every task, so tasks never overlap.
 *
 * <p>A task that throws is logged with the scheduler's name, counted ({@link #failures()}) and
 * handed to the failure handler; the scheduler itself keeps running the other tasks. (An executor
 * keeps a scheduled task's exception inside its future, where nobody would ever look: a timer
 * chain that threw once would stop in silence.) Whoever owns the tasks decides what a failure
 * means — the failover runtime gives up authority.
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final String name;
    private final ScheduledExecutorService executor;
    private final BiConsumer<Runnable, Throwable> onFailure;
    private final AtomicLong failures = new AtomicLong();

    public ThreadScheduler(String name) {
        this(name, (task, error) -> { });
    }

    /** @param onFailure called on the scheduler's thread with the task that threw and what it threw */
    public ThreadScheduler(String name, BiConsumer<Runnable, Throwable> onFailure) {
        this.name = name;
        this.onFailure = onFailure;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} later; once the scheduler is closed, nothing runs any more and the task is dropped. */
    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> f;
        try {
            f = executor.schedule(() -> run(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return () -> { };
        }
        return () -> f.cancel(false);
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            failures.incrementAndGet();
            // looked up here, not at class load: a process that never sees a failure never needs a logger
            LoggerFactory.getLogger(ThreadScheduler.class).error(
                    "scheduler {}: a task failed unexpectedly (failure #{}); the scheduler keeps running", name, failures.get(), t);
            try {
                onFailure.accept(task, t);
            } catch (Throwable again) {
                LoggerFactory.getLogger(ThreadScheduler.class).error("scheduler {}: the failure handler failed too", name, again);
            }
        }
    }

    /** Tasks that threw since this scheduler was made. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.pairlock.daemon;

import dev.pairlock.control.ControlException;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.hal.time.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The way into the control loop from other threads (control-socket clients, the shutdown hook):
 * the runtime is single-threaded, so everything touching it runs as a task on its scheduler, and
 * the caller waits for the answer — bounded, since a control loop that does not answer is itself
 * the news.
 */
final class ControlLoop {
    /** How long a client waits for the loop before being told it does not answer. */
    static final long ANSWER_MILLIS = 5_000;

    private final Scheduler scheduler;
    private final ControllerRuntime runtime;
    private final long tickNanos;

    ControlLoop(Scheduler scheduler, ControllerRuntime runtime, long tickNanos) {
        this.scheduler = scheduler;
        this.runtime = runtime;
        this.tickNanos = tickNanos;
    }

    ControllerRuntime runtime() {
        return runtime;
    }

    /** The loop's scheduler (tests build a loop over it that interleaves their own work). */
    Scheduler scheduler() {
        return scheduler;
    }

    long tickNanos() {
        return tickNanos;
    }

    /** Runs {@code f} on the control loop and returns its result. */
    <T> T call(Function<ControllerRuntime, T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        scheduler.schedule(0, () -> {
            try {
                r.complete(f.apply(runtime));
            } catch (Throwable t) {
                r.completeExceptionally(t);
            }
        });
        return await(r, ANSWER_MILLIS);
    }

    /** Hands an operator's event to the runtime (as the sync engine and the simulator do). */
    void post(Event e) {
        call(rt -> {
            rt.post(e);
            return null;
        });
    }

    /**
     * Checks {@code done} against the runtime once per tick, on the loop, until it holds or
     * {@code ticks} ticks have passed; returns the last value seen and whether it held.
     */
    <T> Polled<T> poll(Function<ControllerRuntime, T> read, Predicate<T> done, int ticks) {
        CompletableFuture<Polled<T>> r = new CompletableFuture<>();
        check(read, done, ticks, r);
        return await(r, ANSWER_MILLIS + ticks * tickNanos / 1_000_000);
    }

    record Polled<T>(T value, boolean held) {
    }

    private <T> void check(Function<ControllerRuntime, T> read, Predicate<T> done, int left, CompletableFuture<Polled<T>> r) {
        scheduler.schedule(tickNanos, () -> {
            try {
                T v = read.apply(runtime);
                if (done.test(v)) {
                    r.complete(new Polled<>(v, true));
                } else if (left <= 1) {
                    r.complete(new Polled<>(v, false));
                } else {
                    check(read, done, left - 1, r);
                }
            } catch (Throwable t) {
                r.completeExceptionally(t);
            }
        });
    }

    private static <T> T await(CompletableFuture<T> f, long millis) {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ControlException("unavailable", "pairlockd's control loop did not answer within " + millis
                    + " ms (it may be stalled: see the daemon's log)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("unavailable", "interrupted while waiting for the control loop");
        }
    }
}

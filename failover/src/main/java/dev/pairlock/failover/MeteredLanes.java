package dev.pairlock.failover;

import dev.pairlock.hal.time.Scheduler;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Lanes on a simulated backend: an operation runs at the current (virtual) instant, what it would
 * have cost on the wire is read from the backend's busy account, and the result is delivered that
 * much later; the lane stays busy until then, so a second read on a hung bus waits behind the first.
 * Runs entirely on the scheduler's thread: the lease check and the write it guards are one task.
 */
public final class MeteredLanes implements Lanes {
    private final Scheduler scheduler;
    private final LongSupplier drainBusyNanos;
    private final boolean[] busy;
    private final ArrayDeque<Pending>[] queued;
    /** Per lane, its one operation in flight (a lane is busy until it completes): reused, not a closure each time. */
    private final Completion[] inFlight;

    private record Pending(Supplier<Event> operation, Consumer<Event> completion) {
    }

    @SuppressWarnings("unchecked")
    public MeteredLanes(Scheduler scheduler, LongSupplier drainBusyNanos, int slots) {
        this.scheduler = scheduler;
        this.drainBusyNanos = drainBusyNanos;
        this.busy = new boolean[slots + 1];
        this.queued = new ArrayDeque[slots + 1];
        this.inFlight = new Completion[slots + 1];
        for (int i = 0; i <= slots; i++) {
            queued[i] = new ArrayDeque<>();
            inFlight[i] = new Completion(i);
        }
    }

    @Override
    public void submit(int lane, Supplier<Event> operation, Consumer<Event> completion) {
        int i = lane == LOCAL ? busy.length - 1 : lane;
        if (busy[i]) {
            queued[i].addLast(new Pending(operation, completion));
        } else {
            run(i, operation, completion);
        }
    }

    private void run(int i, Supplier<Event> operation, Consumer<Event> completion) {
        busy[i] = true;
        drainBusyNanos.getAsLong(); // cost of work outside any lane (beats, frames) is not this lane's
        Event result = operation.get();
        long cost = drainBusyNanos.getAsLong();
        Completion c = inFlight[i];
        c.result = result;
        c.completion = completion;
        scheduler.schedule(cost, c);
    }

    /** Lane {@code i}'s operation is done on the wire: free the lane, deliver, start the next queued one. */
    private final class Completion implements Runnable {
        private final int i;
        private Event result;
        private Consumer<Event> completion;

        Completion(int i) {
            this.i = i;
        }

        @Override
        public void run() {
            // taken out first: the completion may submit to this lane again, which reuses this object
            Event r = result;
            Consumer<Event> done = completion;
            result = null;
            completion = null;
            busy[i] = false;
            if (r != null) {
                done.accept(r);
            }
            Pending next = queued[i].pollFirst();
            if (next != null && !busy[i]) {
                MeteredLanes.this.run(i, next.operation(), next.completion());
            } else if (next != null) {
                queued[i].addFirst(next);
            }
        }
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;

import java.util.Arrays;
import java.util.Objects;

/**
 * Simulated time for a whole chassis: the {@link Clock} and {@link Scheduler} of both SCs. Events
 * run in (time, insertion sequence) order, so a run is a pure function of its inputs. Nothing runs
 * concurrently and nothing waits for real time.
 *
 * <p>Events due later than now wait in an array sorted by time, latest first, so the next one is
 * the last element: taking it is one step, and queueing one scans from the end past the events
 * due at or before it and shifts them up by one place. The simulator's queue is short (some
 * fifteen events when one is taken), so the scan is a few compares whose outcome the CPU predicts,
 * where a heap's sift took data-dependent branches on every level, both to insert and to take
 * (mispredicted about half the time: most of the queue's cost; 4-ary heap before 2026-12-02). A
 * longer queue is searched by bisection. A new event goes in front of (runs after) every event
 * already queued for the same instant, so ties run in insertion order. The sorted arrays hold
 * numbers only — each event's time and the slot of a side table that holds the event itself,
 * where it stays while it waits — so shifting them is a plain memory move: moving the event
 * references instead cost the garbage collector's card marking on every shift (a runtime call per
 * copy, ~8 % of a run).
 *
 * <p>An event scheduled for the current instant (zero delay: a frame handed to the loop, a lane
 * completion that cost nothing, a posted event — some 40 % of all) skips the sorted array: it
 * goes to a FIFO of the current instant's events. Every event in the FIFO is due now and was
 * queued after every event in the array that is due now (those were queued before time reached
 * now), so the array's last event runs first while it is due now, then the FIFO's — exactly the
 * (time, sequence) order of one queue.
 *
 * <p>Cancelled events stay where they are and are skipped when they come up; when more than half
 * the array is cancelled it is filtered in place (order kept), so timers that are armed and
 * cancelled over and over (failure-detection timeouts) do not grow it without bound.
 */
public final class VirtualTime implements Clock, Scheduler {
    /** Above this many queued events an insertion bisects instead of scanning (the scan's cost grows with the queue). */
    private static final int SCAN_LIMIT = 32;

    /** Events due after now, latest first, as slots of {@link #events}: {@code queue[size - 1]} is the next. */
    private int[] queue = new int[256];
    /** Each queued event's time, beside {@link #queue}: the insertion scan reads only these. */
    private long[] times = new long[256];
    private int size;
    /** The queued events by slot; a slot is taken while its event waits in {@link #queue}. */
    private Event[] events = new Event[256];
    /** Slots free for reuse, as a stack of {@link #freeSlots} entries; slots past {@link #slotsUsed} were never taken. */
    private int[] free = new int[256];
    private int freeSlots;
    private int slotsUsed;
    private int cancelledInQueue;
    /** Events due now, in insertion order: a ring of {@link #fifoSize} from {@link #fifoHead} (capacity a power of two). */
    private Event[] fifo = new Event[64];
    private int fifoHead;
    private int fifoSize;
    private int cancelledInFifo;
    private long now;
    private long eventsRun;
    private Runnable[] hooks = new Runnable[0];

    public VirtualTime() {
        this(0);
    }

    public VirtualTime(long startNanos) {
        this.now = startNanos;
    }

    /** Current virtual time in nanoseconds. */
    public long now() {
        return now;
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        return schedule(delayNanos, task, null);
    }

    /**
     * Something that can hold an SC's tasks back: while {@link #heldUntil()} is later than the
     * instant a task comes due, the task waits for that instant (a stalled SC's software does not
     * run; its hardware does).
     */
    public interface Gate {
        /** Virtual time until which tasks behind this gate wait; a past time when they may run. */
        long heldUntil();
    }

    /**
     * Like {@link #schedule(long, Runnable)}, but behind {@code gate} (null: none). A task that
     * comes due while its gate is held is moved, as the same event, to the end of the hold, behind
     * everything already scheduled then — exactly as if it had re-scheduled itself there — and that
     * move counts as an event (hooks run after it). The gate lives in the queue rather than in a
     * wrapping closure because every task of a simulated SC goes through it: one object per task.
     */
    public Timer schedule(long delayNanos, Runnable task, Gate gate) {
        if (delayNanos < 0) {
            throw new HalArgumentException("timer delay " + delayNanos + " ns is negative: use 0 for as soon as possible");
        }
        long at = now + delayNanos;
        if (at < now) {
            throw new HalArgumentException("timer delay " + delayNanos + " ns overflows virtual time at " + now + " ns");
        }
        return scheduleAt(at, task, gate);
    }

    /** Runs {@code task} at absolute virtual time {@code atNanos} (not before now). */
    public Timer scheduleAt(long atNanos, Runnable task) {
        return scheduleAt(atNanos, task, null);
    }

    private Timer scheduleAt(long atNanos, Runnable task, Gate gate) {
        Objects.requireNonNull(task, "task");
        if (atNanos < now) {
            throw new HalArgumentException("event time " + atNanos + " ns is in the past: now is " + now + " ns");
        }
        Event e = new Event(task, gate, this);
        insert(e, atNanos);
        return e;
    }

    /** Puts {@code e} in the queue at {@code atNanos}, after everything already there for that instant. */
    private void insert(Event e, long atNanos) {
        if (atNanos == now) {
            if (fifoSize == fifo.length) {
                Event[] f = new Event[fifoSize * 2];
                for (int k = 0; k < fifoSize; k++) {
                    f[k] = fifo[(fifoHead + k) & (fifo.length - 1)];
                }
                fifo = f;
                fifoHead = 0;
            }
            fifo[(fifoHead + fifoSize++) & (fifo.length - 1)] = e;
            e.inFifo = true;
            return;
        }
        e.inFifo = false;
        if (size == queue.length) {
            queue = Arrays.copyOf(queue, size * 2);
            times = Arrays.copyOf(times, size * 2);
            events = Arrays.copyOf(events, size * 2);
            free = Arrays.copyOf(free, size * 2);
        }
        int slot = freeSlots > 0 ? free[--freeSlots] : slotsUsed++;
        events[slot] = e;
        // the events due at or before atNanos (they run first) are queue[i..size): they move up one
        int i = size;
        if (size <= SCAN_LIMIT) {
            // scanning from the end, each event passed moves up as it is passed: one loop, no copy call
            long[] t = times;
            int[] q = queue;
            while (i > 0 && t[i - 1] <= atNanos) {
                t[i] = t[i - 1];
                q[i] = q[i - 1];
                i--;
            }
        } else {
            i = bisect(atNanos);
            System.arraycopy(queue, i, queue, i + 1, size - i);
            System.arraycopy(times, i, times, i + 1, size - i);
        }
        queue[i] = slot;
        times[i] = atNanos;
        size++;
    }

    /** Takes the next event out of the sorted array and frees its slot. */
    private Event takeLast() {
        int slot = queue[--size];
        Event e = events[slot];
        events[slot] = null;
        free[freeSlots++] = slot;
        return e;
    }

    /** The first index whose event is due at or before {@code at} (times never increase towards the end), by bisection. */
    private int bisect(long at) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= at) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Runs the next event; false when none is pending. */
    public boolean step() {
        Event e = take(Long.MAX_VALUE);
        if (e == null) {
            return false;
        }
        run(e);
        return true;
    }

    /** Runs every event due at or before {@code timeNanos}, then sets now to {@code timeNanos}. */
    public void runUntil(long timeNanos) {
        if (timeNanos < now) {
            throw new HalArgumentException("runUntil(" + timeNanos + " ns) is in the past: now is " + now + " ns");
        }
        for (Event e; (e = take(timeNanos)) != null; ) {
            run(e);
        }
        now = timeNanos;
    }

    /** Runs for {@code nanos} more virtual nanoseconds. */
    public void runFor(long nanos) {
        runUntil(Math.addExact(now, nanos));
    }

    public long eventsRun() {
        return eventsRun;
    }

    /** Live (not cancelled) events waiting to run. */
    public int pending() {
        return size - cancelledInQueue + fifoSize - cancelledInFifo;
    }

    /** Time of the next live event, or -1 if none. */
    public long nextEventTime() {
        dropCancelled();
        if (fifoSize > 0) {
            return now; // the FIFO holds only events due now, and nothing queued is earlier
        }
        return size > 0 ? times[size - 1] : -1;
    }

    /** Calls {@code hook} after every event, in registration order; the safety checker hangs here. */
    public void afterEachEvent(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        Runnable[] h = Arrays.copyOf(hooks, hooks.length + 1);
        h[hooks.length] = hook;
        hooks = h;
    }

    /** Runs {@code e}, just taken at its time (now), or moves it to the end of its gate's hold. */
    private void run(Event e) {
        eventsRun++;
        long heldUntil = e.gate == null ? Long.MIN_VALUE : e.gate.heldUntil();
        if (heldUntil > now) {
            insert(e, heldUntil); // still pending: it runs (or is held again) when the hold ends
        } else {
            e.state = Event.RAN;
            e.task.run();
        }
        for (Runnable h : hooks) {
            h.run();
        }
    }

    /**
     * Takes the next live event out of the queue if it is due at or before {@code limit} and sets
     * now to its time; null otherwise. The sorted array's last event comes first while it is due
     * now (it was queued before anything in the FIFO), then the FIFO's head.
     */
    private Event take(long limit) {
        dropCancelled();
        if (size > 0 && (fifoSize == 0 || times[size - 1] <= now)) {
            long t = times[size - 1];
            if (t > limit) {
                return null;
            }
            Event e = takeLast();
            now = t;
            return e;
        }
        if (fifoSize > 0) { // due now, and now is never after the limit
            Event e = fifo[fifoHead];
            removeFifoHead();
            return e;
        }
        return null;
    }

    /** Cancelled events that have come up (the array's last, the FIFO's head) are dropped. */
    private void dropCancelled() {
        while (size > 0 && events[queue[size - 1]].state == Event.CANCELLED) {
            takeLast();
            cancelledInQueue--;
        }
        while (fifoSize > 0 && fifo[fifoHead].state == Event.CANCELLED) {
            removeFifoHead();
            cancelledInFifo--;
        }
    }

    private void removeFifoHead() {
        fifo[fifoHead] = null;
        fifoHead = (fifoHead + 1) & (fifo.length - 1);
        fifoSize--;
    }

    void cancelled(Event e) {
        if (e.inFifo) {
            cancelledInFifo++; // the FIFO empties within the instant: skipped as it comes up, never compacted
            return;
        }
        cancelledInQueue++;
        if (cancelledInQueue > 64 && cancelledInQueue > size / 2) {
            compact();
        }
    }

    /** Drops the cancelled events from the sorted array, keeping the others in their order. */
    private void compact() {
        int kept = 0;
        for (int k = 0; k < size; k++) {
            int slot = queue[k];
            if (events[slot].state == Event.PENDING) {
                queue[kept] = slot;
                times[kept] = times[k];
                kept++;
            } else {
                events[slot] = null;
                free[freeSlots++] = slot;
            }
        }
        size = kept;
        cancelledInQueue = 0;
    }

    private static final class Event implements Timer {
        static final byte PENDING = 0, CANCELLED = 1, RAN = 2;
        final Runnable task;
        /** What may hold it back (null: nothing). */
        final Gate gate;
        final VirtualTime owner;
        byte state;
        /** Queued in the FIFO of the current instant rather than in the sorted array. */
        boolean inFifo;

        Event(Runnable task, Gate gate, VirtualTime owner) {
            this.task = task;
            this.gate = gate;
            this.owner = owner;
        }

        @Override
        public void cancel() {
            if (state == PENDING) {
                state = CANCELLED;
                owner.cancelled(this);
            }
        }
    }
}

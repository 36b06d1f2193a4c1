package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Simulated time for a whole chassis: the {@link Clock} and {@link Scheduler} of both SCs. Events
 * run in (time, insertion sequence) order, so a run is a pure function of its inputs. Nothing runs
 * concurrently and nothing waits for real time.
 *
 * <p>The queue is a 4-ary heap of event objects (half the depth of a binary one; the four
 * children's keys are adjacent, so choosing among them costs little more than choosing among two). Cancelled events stay in the heap and are skipped
 * when they come up; when more than half the heap is cancelled it is rebuilt, so timers that are
 * armed and cancelled over and over (failure-detection timeouts) do not grow it without bound.
 *
 * <p>An event scheduled for the current instant (zero delay: a frame handed to the loop, a lane
 * completion that cost nothing, a posted event — some 40 % of all) skips the heap: it goes to a
 * FIFO of the current instant's events. Every event in the FIFO is due now and was queued after
 * every event in the heap that is due now (those were queued before time reached now), so taking
 * the smaller (time, sequence) of the heap's top and the FIFO's head runs events in exactly the
 * heap's order, without sifting for the events that make up most of an instant.
 */
public final class VirtualTime implements Clock, Scheduler {
    private Event[] heap = new Event[256];
    /**
     * Each heap slot's (time, sequence), beside {@link #heap}: sifting compares keys on every level,
     * and reading them from two flat arrays instead of from each event object is what keeps
     * scheduling (tens of times per simulated millisecond) cheap.
     */
    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private int size;
    private int cancelledInHeap;
    /** Events due now, in insertion order: a ring of {@link #fifoSize} from {@link #fifoHead} (capacity a power of two). */
    private Event[] fifo = new Event[64];
    private int fifoHead;
    private int fifoSize;
    private int cancelledInFifo;
    private long now;
    private long sequence;
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
        e.time = atNanos;
        e.seq = sequence++;
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
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        siftUp(size++, e);
    }

    /** Runs the next event; false when none is pending. */
    public boolean step() {
        Event e = pollLive();
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
        while (true) {
            Event e = peekLive();
            if (e == null || e.time > timeNanos) {
                break;
            }
            remove(e);
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
        return size - cancelledInHeap + fifoSize - cancelledInFifo;
    }

    /** Time of the next live event, or -1 if none. */
    public long nextEventTime() {
        Event e = peekLive();
        return e == null ? -1 : e.time;
    }

    /** Calls {@code hook} after every event, in registration order; the safety checker hangs here. */
    public void afterEachEvent(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        Runnable[] h = Arrays.copyOf(hooks, hooks.length + 1);
        h[hooks.length] = hook;
        hooks = h;
    }

    private void run(Event e) {
        now = e.time;
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

    /** The next live event: the heap's top or the FIFO's head, whichever is first in (time, sequence). */
    private Event peekLive() {
        while (size > 0 && heap[0].state == Event.CANCELLED) {
            removeTop();
            cancelledInHeap--;
        }
        while (fifoSize > 0 && fifo[fifoHead].state == Event.CANCELLED) {
            removeFifoHead();
            cancelledInFifo--;
        }
        if (fifoSize == 0) {
            return size > 0 ? heap[0] : null;
        }
        Event f = fifo[fifoHead];
        if (size > 0 && (times[0] < f.time || times[0] == f.time && seqs[0] < f.seq)) {
            return heap[0];
        }
        return f;
    }

    private Event pollLive() {
        Event e = peekLive();
        if (e != null) {
            remove(e);
        }
        return e;
    }

    /** Takes {@code e}, the event {@link #peekLive()} returned, out of the queue. */
    private void remove(Event e) {
        if (e.inFifo) {
            removeFifoHead();
        } else {
            removeTop();
        }
    }

    private void removeFifoHead() {
        fifo[fifoHead] = null;
        fifoHead = (fifoHead + 1) & (fifo.length - 1);
        fifoSize--;
    }

    private void removeTop() {
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
    }

    void cancelled(Event e) {
        if (e.inFifo) {
            cancelledInFifo++; // the FIFO empties within the instant: skipped as it comes up, never compacted
            return;
        }
        cancelledInHeap++;
        if (cancelledInHeap > 64 && cancelledInHeap > size / 2) {
            compact();
        }
    }

    private void compact() {
        List<Event> live = new ArrayList<>(size - cancelledInHeap);
        for (int i = 0; i < size; i++) {
            if (heap[i].state == Event.PENDING) {
                live.add(heap[i]);
            }
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        cancelledInHeap = 0;
        for (Event e : live) {
            siftUp(size++, e);
        }
    }

    private void siftUp(int i, Event e) {
        long t = e.time;
        long q = e.seq;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = times[parent];
            if (t > pt || t == pt && q > seqs[parent]) {
                break;
            }
            place(i, heap[parent], pt, seqs[parent]);
            i = parent;
        }
        place(i, e, t, q);
    }

    private void siftDown(int i, Event e) {
        long t = e.time;
        long q = e.seq;
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            // the least of up to four children: their keys sit side by side in the flat arrays
            int child = first;
            long ct = times[first];
            long cq = seqs[first];
            int end = Math.min(first + 4, size);
            for (int k = first + 1; k < end; k++) {
                long kt = times[k];
                if (kt < ct || kt == ct && seqs[k] < cq) {
                    child = k;
                    ct = kt;
                    cq = seqs[k];
                }
            }
            if (ct > t || ct == t && cq > q) {
                break;
            }
            place(i, heap[child], ct, cq);
            i = child;
        }
        place(i, e, t, q);
    }

    private void place(int i, Event e, long time, long seq) {
        heap[i] = e;
        times[i] = time;
        seqs[i] = seq;
    }

    private static final class Event implements Timer {
        static final byte PENDING = 0, CANCELLED = 1, RAN = 2;
        /** When it is due, and its insertion order among events due then; set each time it is queued. */
        long time;
        long seq;
        final Runnable task;
        /** What may hold it back (null: nothing). */
        final Gate gate;
        final VirtualTime owner;
        byte state;
        /** Queued in the FIFO of the current instant rather than in the heap. */
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

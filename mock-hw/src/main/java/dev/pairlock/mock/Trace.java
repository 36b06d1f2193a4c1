package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every hardware-visible change and fault of a chassis, in virtual-time order. The digest
 * ({@link #hash()}) covers every event ever recorded even when the buffer only keeps the latest
 * ones, so determinism checks work on runs of any length.
 */
public final class Trace {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final boolean keepAll;
    private TraceEvent[] buffer;
    private int start;
    private int count;
    private long recorded;
    private long hash = FNV_OFFSET;
    private Consumer<TraceEvent>[] listeners = newListeners(0);

    private Trace(boolean keepAll, int capacity) {
        this.keepAll = keepAll;
        this.buffer = new TraceEvent[capacity];
    }

    /** Keeps every event (tests, timelines). */
    public static Trace keepAll() {
        return new Trace(true, 1024);
    }

    /** Keeps the latest {@code capacity} events (long runs); the hash still covers all. */
    public static Trace ring(int capacity) {
        if (capacity < 1) {
            throw new dev.pairlock.hal.HalArgumentException("trace ring capacity " + capacity + " must be at least 1");
        }
        return new Trace(false, capacity);
    }

    public void record(long time, TraceEvent.Kind kind, ScId sc, int slot, long a, long b) {
        record(new TraceEvent(time, kind, sc, slot, a, b));
    }

    public void record(TraceEvent e) {
        Objects.requireNonNull(e.kind(), "kind");
        long h = hash;
        h = mix(h, e.time());
        h = mix(h, e.kind().ordinal());
        h = mix(h, e.sc() == null ? -1 : e.sc().ordinal());
        h = mix(h, e.slot());
        h = mix(h, e.a());
        h = mix(h, e.b());
        hash = h;
        recorded++;
        if (count == buffer.length) {
            if (keepAll) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
                buffer[count++] = e;
            } else {
                buffer[start] = e;
                start = (start + 1) % buffer.length;
            }
        } else {
            buffer[(start + count) % buffer.length] = e;
            count++;
        }
        for (Consumer<TraceEvent> l : listeners) {
            l.accept(e);
        }
    }

    /** FNV-1a over the 8 bytes of {@code v}, little-endian. */
    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** Stable 64-bit FNV-1a digest of every event recorded so far (time, kind ordinal, sc, slot, a, b). */
    public long hash() {
        return hash;
    }

    /** Events ever recorded, including those a ring has dropped. */
    public long recorded() {
        return recorded;
    }

    /** The retained events, oldest first (a copy). */
    public List<TraceEvent> events() {
        List<TraceEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(buffer[(start + i) % buffer.length]);
        }
        return out;
    }

    /** Retained events of one kind, oldest first. */
    public List<TraceEvent> events(TraceEvent.Kind kind) {
        List<TraceEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TraceEvent e = buffer[(start + i) % buffer.length];
            if (e.kind() == kind) {
                out.add(e);
            }
        }
        return out;
    }

    /** Calls {@code listener} with each event as it is recorded. */
    public void listen(Consumer<TraceEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<TraceEvent>[] l = Arrays.copyOf(listeners, listeners.length + 1);
        l[listeners.length] = listener;
        listeners = l;
    }

    @SuppressWarnings("unchecked")
    private static Consumer<TraceEvent>[] newListeners(int n) {
        return (Consumer<TraceEvent>[]) new Consumer<?>[n];
    }
}

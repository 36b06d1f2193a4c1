package dev.pairlock.gpio.uapi;

import static dev.pairlock.gpio.uapi.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import java.lang.foreign.MemorySegment;

/**
 * Turns 48-byte {@code gpio_v2_line_event} records into {@link EdgeEvent}s for one line request,
 * and turns gaps in each line's {@code line_seqno} into {@link EdgeListener#onMissed} reports. The
 * kernel's event FIFO drops its oldest record when full, so the first record read after an
 * overflow carries a sequence number beyond the one expected: the difference is what was lost.
 */
public final class EdgeRecords {
    public static final int RECORD_SIZE = (int) LINE_EVENT.byteSize();

    private final int[] offsets;
    /** The last line_seqno seen per requested line (index into {@link #offsets}); 0 = none yet. */
    private final long[] lastLineSeqno;
    private volatile long missedTotal; // written on the event thread only; read by status callers

    public EdgeRecords(int[] offsets) {
        this.offsets = offsets.clone();
        this.lastLineSeqno = new long[offsets.length];
    }

    /** One record at {@code at} of {@code s}. */
    public static EdgeEvent decode(MemorySegment s, long at) {
        int id = s.get(JAVA_INT, at + EVENT_ID);
        EdgeEvent.Type type = switch (id) {
            case EVENT_RISING_EDGE -> EdgeEvent.Type.RISING;
            case EVENT_FALLING_EDGE -> EdgeEvent.Type.FALLING;
            default -> throw new IllegalStateException("gpio_v2_line_event with unknown id " + id
                    + ": the kernel's uAPI is newer than this decoder");
        };
        return new EdgeEvent(type, s.get(JAVA_LONG, at + EVENT_TIMESTAMP), s.get(JAVA_INT, at + EVENT_OFFSET),
                Integer.toUnsignedLong(s.get(JAVA_INT, at + EVENT_SEQNO)),
                Integer.toUnsignedLong(s.get(JAVA_INT, at + EVENT_LINE_SEQNO)));
    }

    /** Writes one record (the tests' and simulators' side of the uAPI). */
    public static void encode(MemorySegment s, long at, EdgeEvent e) {
        s.asSlice(at, RECORD_SIZE).fill((byte) 0);
        s.set(JAVA_LONG, at + EVENT_TIMESTAMP, e.timestampNanos());
        s.set(JAVA_INT, at + EVENT_ID, e.type() == EdgeEvent.Type.RISING ? EVENT_RISING_EDGE : EVENT_FALLING_EDGE);
        s.set(JAVA_INT, at + EVENT_OFFSET, e.offset());
        s.set(JAVA_INT, at + EVENT_SEQNO, (int) e.globalSeqno());
        s.set(JAVA_INT, at + EVENT_LINE_SEQNO, (int) e.lineSeqno());
    }

    /**
     * Delivers the whole records among the first {@code length} bytes of {@code buffer}; returns how
     * many bytes were consumed (a multiple of {@link #RECORD_SIZE}).
     */
    public int deliver(MemorySegment buffer, int length, EdgeListener listener) {
        return deliver(buffer, length, listener, null);
    }

    /**
     * {@link #deliver(MemorySegment, int, EdgeListener)}, stopping as soon as {@code owner} (the
     * scope whose memory {@code buffer} is) is no longer alive after a listener call: a listener that
     * closed its own request freed the buffer, and the records after it must not be read from it.
     *
     * @return the bytes consumed, or -1 when it stopped because {@code owner} closed
     */
    public int deliver(MemorySegment buffer, int length, EdgeListener listener, MemorySegment.Scope owner) {
        int consumed = 0;
        while (length - consumed >= RECORD_SIZE) {
            EdgeEvent e = decode(buffer, consumed);
            consumed += RECORD_SIZE;
            long gap = gapBefore(e);
            if (gap > 0 && listener != null) {
                listener.onMissed(e.offset(), gap, e);
            }
            if (listener != null) {
                listener.onEdge(e);
            }
            if (owner != null && !owner.isAlive()) {
                return -1;
            }
        }
        return consumed;
    }

    /** Edges lost so far on all lines of this request. */
    public long missedTotal() {
        return missedTotal;
    }

    private long gapBefore(EdgeEvent e) {
        int i = indexOf(e.offset());
        if (i < 0) {
            return 0;
        }
        // line_seqno is a u32 that may wrap; the difference modulo 2^32 is still the distance
        long gap = ((e.lineSeqno() - lastLineSeqno[i]) & 0xFFFF_FFFFL) - 1;
        lastLineSeqno[i] = e.lineSeqno();
        if (gap > 0) {
            missedTotal += gap;
            return gap;
        }
        return 0;
    }

    private int indexOf(int offset) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == offset) {
                return i;
            }
        }
        return -1;
    }
}

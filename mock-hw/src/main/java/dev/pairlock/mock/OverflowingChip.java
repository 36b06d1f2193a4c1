package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.RequestConfig;
import java.util.OptionalInt;

/**
 * A simulated chip with the kernel's event FIFO in front of its requests' listeners, which can
 * {@link #overflow}: the edges it drops still advance the line's line_seqno (mock-hw counts every edge
 * of hb-in), so the next edge delivered comes with a gap, which is reported as pairlock's Linux reader
 * reports one (gpio-heartbeat's {@code EdgeRecords}): {@link EdgeListener#onMissed} with the gap, just
 * before that edge. The simulator's line_seqno counts from the chip's start, not from the request as
 * the kernel's does, so a request's first delivered edge is its baseline and edges dropped before it
 * are not reported. Touched only on the thread running virtual time (the test's). For the adapters'
 * tests of what their inputs tell a user about edges the kernel lost (e.g. around {@link Chassis#gpioChip}).
 */
public final class OverflowingChip implements GpioChip {
    private final GpioChip chip;
    private int toDrop;

    public OverflowingChip(GpioChip chip) {
        this.chip = chip;
    }

    /** The FIFO overflows: it drops the next {@code edges} edges, as the kernel's drops its oldest when full. */
    public void overflow(int edges) {
        HalArgumentException.checkRange("edges the FIFO drops", edges, 0, Integer.MAX_VALUE - toDrop);
        toDrop += edges;
    }

    @Override
    public String name() {
        return chip.name();
    }

    @Override
    public String label() {
        return chip.label();
    }

    @Override
    public String path() {
        return chip.path();
    }

    @Override
    public int lineCount() {
        return chip.lineCount();
    }

    @Override
    public LineInfo lineInfo(int offset) {
        return chip.lineInfo(offset);
    }

    @Override
    public OptionalInt lineOffset(String name) {
        return chip.lineOffset(name);
    }

    @Override
    public LineRequest request(RequestConfig request, LineConfig config) {
        LineRequest r = chip.request(request, config);
        return new LineRequest() {
            @Override
            public GpioChip chip() {
                return OverflowingChip.this;
            }

            @Override
            public int[] offsets() {
                return r.offsets();
            }

            @Override
            public boolean get(int offset) {
                return r.get(offset);
            }

            @Override
            public void set(int offset, boolean active) {
                r.set(offset, active);
            }

            @Override
            public void reconfigure(LineConfig c) {
                r.reconfigure(c);
            }

            @Override
            public void onEdge(EdgeListener listener) {
                r.onEdge(listener == null ? null : new Fifo(listener));
            }

            @Override
            public void close() {
                r.close();
            }
        };
    }

    @Override
    public void close() {
        chip.close();
    }

    /** Between one request's line and its listener. */
    private final class Fifo implements EdgeListener {
        private final EdgeListener listener;
        /** line_seqno of the last edge delivered; 0 before the first. */
        private long last;

        Fifo(EdgeListener listener) {
            this.listener = listener;
        }

        @Override
        public void onEdge(EdgeEvent e) {
            if (toDrop > 0) {
                toDrop--;
                return;
            }
            long gap = last == 0 ? 0 : e.lineSeqno() - last - 1;
            last = e.lineSeqno();
            if (gap > 0) {
                listener.onMissed(e.offset(), gap, e);
            }
            listener.onEdge(e);
        }
    }
}

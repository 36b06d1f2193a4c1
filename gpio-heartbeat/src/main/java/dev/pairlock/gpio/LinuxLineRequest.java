package dev.pairlock.gpio;

import static dev.pairlock.gpio.uapi.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pairlock.gpio.event.ChipEventLoop;
import dev.pairlock.gpio.event.EdgeEventReader;
import dev.pairlock.gpio.uapi.EncodedLineConfig;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.GpioException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.IdempotentIoctl;
import dev.pairlock.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Lines granted by GPIO_V2_GET_LINE_IOCTL: the request's own fd carries values, reconfiguration and
 * edge events. Value and config calls are serialized on this object; events arrive on the chip's
 * event thread.
 */
public final class LinuxLineRequest implements LineRequest {
    private final LinuxGpioChip chip;
    private final int fd;
    private final int[] offsets;
    private final Arena arena = Arena.ofShared();
    private final CallState state = CallState.allocate(arena, LINE_CONFIG.byteSize());
    private final EdgeEventReader reader;
    private ChipEventLoop loop;
    private long eventToken = -1;
    private boolean closed;

    LinuxLineRequest(LinuxGpioChip chip, int fd, int[] offsets) {
        this.chip = chip;
        this.fd = fd;
        this.offsets = offsets.clone();
        this.reader = new EdgeEventReader(arena, fd, this.offsets,
                why -> chip.reportEventFailure(new GpioException(chip.path(), this.offsets[0], 0,
                        "edge events of lines " + Arrays.toString(this.offsets) + " stopped: " + why)));
    }

    @Override
    public GpioChip chip() {
        return chip;
    }

    @Override
    public int[] offsets() {
        return offsets.clone();
    }

    /** Edges lost to kernel buffer overflows so far (also reported to the listener). */
    public long missedEdges() {
        return reader.missedTotal();
    }

    @Override
    public synchronized boolean get(int offset) {
        long bit = 1L << index(offset);
        MemorySegment v = values(0, bit);
        if (valuesIoctl(IdempotentIoctl.GPIO_V2_LINE_GET_VALUES, v) < 0) {
            throw GpioErrno.call(chip.path(), offset, "reading the line value", state.errno());
        }
        return (v.get(JAVA_LONG, VALUES_BITS) & bit) != 0;
    }

    @Override
    public synchronized void set(int offset, boolean active) {
        long bit = 1L << index(offset);
        MemorySegment v = values(active ? bit : 0, bit);
        if (valuesIoctl(IdempotentIoctl.GPIO_V2_LINE_SET_VALUES, v) < 0) {
            throw GpioErrno.call(chip.path(), offset, "setting the line value"
                    + " (is it requested as an output?)", state.errno());
        }
    }

    @Override
    public synchronized void reconfigure(LineConfig config) {
        checkOpen();
        LineConfig.Builder inRequestOrder = LineConfig.builder();
        for (int o : offsets) {
            inRequestOrder.add(config.settings(o), o);
        }
        if (config.offsets().length != offsets.length) {
            throw new HalArgumentException("GPIO reconfigure of " + chip.path() + " must cover exactly the requested lines "
                    + Arrays.toString(offsets) + ", not " + Arrays.toString(config.offsets()));
        }
        MemorySegment s = state.scratch();
        EncodedLineConfig.of(inRequestOrder.build()).writeTo(s, 0);
        if (Libc.tryIoctl(state, fd, GPIO_V2_LINE_SET_CONFIG_IOCTL, s) < 0) {
            throw GpioErrno.call(chip.path(), offsets[0], "reconfiguring lines " + Arrays.toString(offsets), state.errno());
        }
    }

    @Override
    public synchronized void onEdge(EdgeListener listener) {
        checkOpen();
        reader.listener(listener);
        if (eventToken < 0 && listener != null) {
            loop = chip.events();
            eventToken = loop.register(fd, reader);
        }
    }

    @Override
    public void close() {
        long token;
        ChipEventLoop from;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            token = eventToken;
            from = loop;
        }
        if (from != null) {
            // the fd must leave the event thread before it is closed and its number reused
            from.deregister(token);
        }
        Libc.tryClose(state, fd);
        chip.released(this);
        arena.close();
    }

    /**
     * GET/SET_VALUES. On a chip that never waits: critical without errno capture, repeated with capture
     * only if it fails (libc's {@code IdempotentIoctl}: both are idempotent, and a repeated set within this
     * synchronized call is unobservable — the lines are this request's alone and end at the same values).
     * Else the plain handle, capturing on the first call: there the ioctl is a bus transfer, whose failure
     * a repeat would not reproduce.
     */
    private int valuesIoctl(IdempotentIoctl request, MemorySegment v) {
        return chip.lineValuesNeverWait() ? request.tryCritical(state, fd, v) : Libc.tryIoctl(state, fd, request.number(), v);
    }

    private MemorySegment values(long bits, long mask) {
        checkOpen();
        MemorySegment v = state.scratch();
        v.set(JAVA_LONG, VALUES_BITS, bits);
        v.set(JAVA_LONG, VALUES_MASK, mask);
        return v;
    }

    private int index(int offset) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == offset) {
                return i;
            }
        }
        throw new HalArgumentException("GPIO " + chip.path() + " line " + offset + " is not part of this request "
                + Arrays.toString(offsets));
    }

    private void checkOpen() {
        if (closed) {
            throw new GpioException(chip.path(), offsets[0], 0, "line request is closed: request the lines again");
        }
    }
}

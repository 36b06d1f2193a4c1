package dev.pairlock.gpio.heartbeat;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.hal.heartbeat.HeartbeatInput;
import dev.pairlock.hal.heartbeat.HeartbeatListener;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer's heartbeat as edges on an input line. Both edges count (the peer's output toggles once
 * per beat). Edges the kernel lost in an overflow still count, and are reported to listeners: a
 * peer that beat faster than we read is alive, not dead.
 */
public final class GpioHeartbeatInput implements HeartbeatInput {
    private final LineRequest request;
    private final int offset;
    private final AtomicLong edges = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final CopyOnWriteArrayList<HeartbeatListener> listeners = new CopyOnWriteArrayList<>();

    private GpioHeartbeatInput(LineRequest request, int offset) {
        this.request = request;
        this.offset = offset;
        request.onEdge(new EdgeListener() {
            @Override
            public void onEdge(EdgeEvent event) {
                long seq = edges.incrementAndGet();
                for (HeartbeatListener l : listeners) {
                    l.onBeat(event.timestampNanos(), seq);
                }
            }

            @Override
            public void onMissed(int line, long count, EdgeEvent next) {
                missed.addAndGet(count);
                long seq = edges.addAndGet(count) + 1;
                for (HeartbeatListener l : listeners) {
                    l.onMissed(count, seq);
                }
            }
        });
    }

    /**
     * Requests line {@code offset} as an input watching both edges.
     *
     * @param debounce       glitch filter; zero for none
     * @param eventBuffer    kernel event buffer size (0 = kernel default)
     */
    public static GpioHeartbeatInput open(GpioChip chip, int offset, String consumer, Duration debounce, int eventBuffer) {
        LineSettings s = LineSettings.input().withEdge(LineSettings.Edge.BOTH).withDebounce(debounce);
        LineRequest request = chip.request(new RequestConfig(consumer, eventBuffer), LineConfig.of(s, offset));
        try {
            return new GpioHeartbeatInput(request, offset);
        } catch (RuntimeException e) {
            request.close();
            throw e;
        }
    }

    public static GpioHeartbeatInput open(GpioChip chip, String lineName, String consumer) {
        return open(chip, GpioHeartbeatOutput.offsetOf(chip, lineName), consumer, Duration.ZERO, 0);
    }

    @Override
    public long edgeCount() {
        return edges.get();
    }

    /** Edges known lost to a kernel buffer overflow (included in {@link #edgeCount()}). */
    public long missedCount() {
        return missed.get();
    }

    public int offset() {
        return offset;
    }

    @Override
    public AutoCloseable listen(HeartbeatListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
        request.close();
    }
}

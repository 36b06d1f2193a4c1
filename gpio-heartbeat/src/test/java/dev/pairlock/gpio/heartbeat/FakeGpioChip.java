package dev.pairlock.gpio.heartbeat;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.GpioException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A chip in memory: named lines, single ownership, values written by outputs, edges injected by the test. */
final class FakeGpioChip implements GpioChip {
    private final List<String> names;
    private final boolean[] values;
    private final Map<Integer, Fake> owners = new HashMap<>();
    private final Map<Integer, Long> lineSeqno = new HashMap<>();
    boolean failWrites;

    FakeGpioChip(String... names) {
        this.names = List.of(names);
        this.values = new boolean[names.length];
    }

    boolean value(int offset) {
        return values[offset];
    }

    boolean held(int offset) {
        return owners.containsKey(offset);
    }

    /** The kernel saw an edge on {@code offset}; {@code lost} earlier ones were dropped by its FIFO. */
    void edge(int offset, long timestamp, boolean rising, long lost) {
        long seq = lineSeqno.merge(offset, 1 + lost, Long::sum);
        EdgeEvent e = new EdgeEvent(rising ? EdgeEvent.Type.RISING : EdgeEvent.Type.FALLING, timestamp, offset, seq, seq);
        Fake r = owners.get(offset);
        if (r != null && r.listener != null) {
            if (lost > 0) {
                r.listener.onMissed(offset, lost, e);
            }
            r.listener.onEdge(e);
        }
    }

    @Override
    public String name() {
        return "gpiochip9";
    }

    @Override
    public String label() {
        return "fake";
    }

    @Override
    public String path() {
        return "fake:gpiochip9";
    }

    @Override
    public int lineCount() {
        return names.size();
    }

    @Override
    public LineInfo lineInfo(int offset) {
        return new LineInfo(offset, names.get(offset), held(offset), held(offset) ? "test" : "", LineSettings.DEFAULT);
    }

    @Override
    public OptionalInt lineOffset(String name) {
        int i = names.indexOf(name);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }

    @Override
    public LineRequest request(RequestConfig request, LineConfig config) {
        for (int o : config.offsets()) {
            if (held(o)) {
                throw new GpioException(path(), o, 16, "busy");
            }
        }
        Fake r = new Fake(config);
        for (int o : config.offsets()) {
            owners.put(o, r);
            if (config.settings(o).direction() == LineSettings.Direction.OUTPUT) {
                values[o] = config.settings(o).outputActive();
            }
        }
        return r;
    }

    @Override
    public void close() {
    }

    private final class Fake implements LineRequest {
        final LineConfig config;
        EdgeListener listener;

        Fake(LineConfig config) {
            this.config = config;
        }

        @Override
        public GpioChip chip() {
            return FakeGpioChip.this;
        }

        @Override
        public int[] offsets() {
            return config.offsets();
        }

        @Override
        public boolean get(int offset) {
            return values[offset];
        }

        @Override
        public void set(int offset, boolean active) {
            if (failWrites) {
                throw new GpioException(path(), offset, 5, "EIO");
            }
            values[offset] = active;
        }

        @Override
        public void reconfigure(LineConfig config) {
        }

        @Override
        public void onEdge(EdgeListener l) {
            listener = l;
        }

        @Override
        public void close() {
            for (int o : config.offsets()) {
                owners.remove(o, this);
            }
        }
    }
}

package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.*;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.LineSettings.Edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One SC's simulated GPIO chip, so that a GPIO tool works against the simulator:
 * <pre>
 *   0 hb-out      output: each level change is a heartbeat edge towards the peer
 *   1 hb-in       input:  the peer's hb-out as latched here (edge events)
 *   2 peer-reset  output: active asserts the reset line into the peer (no effect if not wired)
 * </pre>
 * Edges are produced by events on the chassis' virtual time and carry request-wide and per-line
 * sequence numbers, as the kernel's do.
 */
final class SimGpioChip implements GpioChip {
    static final int HB_OUT = 0, HB_IN = 1, PEER_RESET = 2;
    private static final String[] NAMES = {"hb-out", "hb-in", "peer-reset"};
    private static final int EBUSY = 16, EPERM = 1;

    private final Chassis chassis;
    private final SimController controller;
    private final String name;
    private final Request[] owner = new Request[NAMES.length];
    private final LineSettings[] settings = {LineSettings.output(false), LineSettings.input(), LineSettings.output(false)};
    private final long[] lineSeq = new long[NAMES.length];
    private final List<Request> requests = new ArrayList<>();

    SimGpioChip(Chassis chassis, SimController controller) {
        this.chassis = chassis;
        this.controller = controller;
        this.name = "gpiochip" + controller.sc.index();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return "pairlock-sim-" + controller.sc.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String path() {
        return "sim:" + name;
    }

    @Override
    public int lineCount() {
        return NAMES.length;
    }

    private int check(int offset) {
        return HalArgumentException.checkRange(name + " line offset", offset, 0, NAMES.length - 1);
    }

    @Override
    public LineInfo lineInfo(int offset) {
        check(offset);
        Request r = owner[offset];
        return new LineInfo(offset, NAMES[offset], r != null, r == null ? "" : r.consumer, settings[offset]);
    }

    @Override
    public OptionalInt lineOffset(String lineName) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(lineName)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public LineRequest request(RequestConfig request, LineConfig config) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(config, "config");
        for (int o : config.offsets()) {
            check(o);
            if (owner[o] != null) {
                throw new GpioException(name, o, EBUSY, NAMES[o] + " is in use by '" + owner[o].consumer + "': close that request first");
            }
            validate(o, config.settings(o));
        }
        Request r = new Request(request.consumer(), config.offsets());
        for (int o : r.offsets) {
            owner[o] = r;
            apply(o, config.settings(o));
        }
        requests.add(r);
        return r;
    }

    private void validate(int offset, LineSettings s) {
        if (offset == HB_IN && s.direction() == Direction.OUTPUT) {
            throw new GpioException(name, offset, EPERM, "hb-in is an input: request it as input");
        }
        if (offset != HB_IN && s.edge() != Edge.NONE) {
            throw new GpioException(name, offset, EPERM, NAMES[offset] + " has no edge detection: only hb-in has");
        }
    }

    private void apply(int offset, LineSettings s) {
        settings[offset] = s;
        if (s.direction() == Direction.OUTPUT) {
            drive(offset, s.outputActive() != s.activeLow());
        }
    }

    private boolean level(int offset) {
        return switch (offset) {
            case HB_OUT -> controller.hbOutLevel;
            case HB_IN -> controller.hbInLevel;
            default -> controller.assertingReset;
        };
    }

    private void drive(int offset, boolean high) {
        if (offset == HB_OUT) {
            if (high != controller.hbOutLevel) {
                controller.beat();
            }
        } else if (offset == PEER_RESET) {
            controller.resetLine.ifPresent(line -> {
                if (high) {
                    line.assertReset();
                } else {
                    line.release();
                }
            });
        }
    }

    /** The peer's heartbeat level arrived at hb-in (called on virtual time). */
    void hbInChanged(boolean high) {
        long seq = ++lineSeq[HB_IN];
        Request r = owner[HB_IN];
        if (r == null || r.listener == null) {
            return;
        }
        LineSettings s = settings[HB_IN];
        boolean activeNow = high != s.activeLow();
        Edge e = s.edge();
        if (e == Edge.BOTH || (e == Edge.RISING && activeNow) || (e == Edge.FALLING && !activeNow)) {
            r.listener.onEdge(new EdgeEvent(activeNow ? EdgeEvent.Type.RISING : EdgeEvent.Type.FALLING,
                    chassis.time().now(), HB_IN, ++r.globalSeq, seq));
        }
    }

    @Override
    public void close() {
        for (Request r : List.copyOf(requests)) {
            r.close();
        }
    }

    private final class Request implements LineRequest {
        final String consumer;
        final int[] offsets;
        EdgeListener listener;
        long globalSeq;
        boolean open = true;

        Request(String consumer, int[] offsets) {
            this.consumer = consumer;
            this.offsets = offsets;
        }

        private void own(int offset) {
            if (!open) {
                throw new GpioException(name, offset, 9, "the line request is closed: request the line again");
            }
            check(offset);
            if (owner[offset] != this) {
                throw new HalArgumentException("GPIO line " + offset + " is not part of this request");
            }
        }

        @Override
        public GpioChip chip() {
            return SimGpioChip.this;
        }

        @Override
        public int[] offsets() {
            return offsets.clone();
        }

        @Override
        public boolean get(int offset) {
            own(offset);
            return level(offset) != settings[offset].activeLow();
        }

        @Override
        public void set(int offset, boolean active) {
            own(offset);
            if (settings[offset].direction() != Direction.OUTPUT) {
                throw new GpioException(name, offset, EPERM, NAMES[offset] + " is not requested as an output");
            }
            settings[offset] = settings[offset].withOutput(active);
            drive(offset, active != settings[offset].activeLow());
        }

        @Override
        public void reconfigure(LineConfig config) {
            for (int o : config.offsets()) {
                own(o);
                validate(o, config.settings(o));
            }
            for (int o : config.offsets()) {
                apply(o, config.settings(o));
            }
        }

        @Override
        public void onEdge(EdgeListener l) {
            listener = l;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            listener = null;
            for (int o : offsets) {
                owner[o] = null;
            }
            requests.remove(this);
        }
    }
}

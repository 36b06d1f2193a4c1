package dev.pairlock.mock;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineInfo;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.RequestConfig;
import java.util.OptionalInt;

/**
 * A chip whose requests refuse edge listeners, as a chip whose event thread cannot start would; every
 * other call goes to {@code chip} (e.g. a chassis' {@link Chassis#gpioChip}). For the adapters' tests
 * of what a device does with a line it could not finish setting up.
 */
public record EdgeRefusingChip(GpioChip chip) implements GpioChip {
    public String name() {
        return chip.name();
    }

    public String label() {
        return chip.label();
    }

    public String path() {
        return chip.path();
    }

    public int lineCount() {
        return chip.lineCount();
    }

    public LineInfo lineInfo(int offset) {
        return chip.lineInfo(offset);
    }

    public OptionalInt lineOffset(String name) {
        return chip.lineOffset(name);
    }

    public LineRequest request(RequestConfig request, LineConfig config) {
        LineRequest r = chip.request(request, config);
        return new LineRequest() {
            public GpioChip chip() {
                return EdgeRefusingChip.this;
            }

            public int[] offsets() {
                return r.offsets();
            }

            public boolean get(int offset) {
                return r.get(offset);
            }

            public void set(int offset, boolean active) {
                r.set(offset, active);
            }

            public void reconfigure(LineConfig c) {
                r.reconfigure(c);
            }

            public void onEdge(EdgeListener listener) {
                throw new HalException(chip.name() + ": no event thread for the chip (EdgeRefusingChip)");
            }

            public void close() {
                r.close();
            }
        };
    }

    public void close() {
        chip.close();
    }
}

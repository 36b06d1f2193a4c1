package dev.pairlock.adapters.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import dev.pairlock.hal.gpio.RequestConfig;
import java.time.Duration;

/**
 * A Pi4J digital input on a GPIO v2 line: both edges requested from the kernel, delivered on
 * pairlock's per-chip event thread to Pi4J's listeners; Pi4J's debounce (microseconds) is the
 * kernel's debounce attribute, not a userspace timer.
 */
final class PairlockDigitalInput extends DigitalInputBase {
    private final GpioChip chip;
    private final int offset;
    /** Null before initialize and after shutdown (the line released); read once per call, another thread may shut down. */
    private volatile LineRequest request;

    PairlockDigitalInput(DigitalInputProvider provider, DigitalInputConfig config, GpioChip chip) {
        super(provider, config);
        this.chip = chip;
        this.offset = config.address();
    }

    @Override
    public DigitalInput initialize(Context context) {
        Bias bias = switch (config.pull()) {
            case PULL_UP -> Bias.PULL_UP;
            case PULL_DOWN -> Bias.PULL_DOWN;
            case OFF -> Bias.DISABLED;
        };
        long debounceMicros = config.debounce() == null ? 0 : config.debounce();
        LineSettings s = LineSettings.input().withBias(bias).withEdge(Edge.BOTH).withDebounce(Duration.ofNanos(debounceMicros * 1000));
        LineRequest r = Pi4jErrors.call(() -> chip.request(RequestConfig.of(consumer()), LineConfig.of(s, offset)));
        try {
            Pi4jErrors.run(() -> r.onEdge(e -> dispatch(new DigitalStateChangeEvent<>(this,
                    e.type() == EdgeEvent.Type.RISING ? DigitalState.HIGH : DigitalState.LOW))));
        } catch (RuntimeException e) {
            r.close(); // no listener, no input: the line goes back (it stayed requested, held by nobody)
            throw e;
        }
        request = r;
        super.initialize(context);
        return this;
    }

    /** Pi4J's IO id as the consumer other users of the chip see (gpioinfo), cut to the kernel's limit. */
    private String consumer() {
        String id = config.id() == null || config.id().isEmpty() ? "pi4j" : config.id();
        return id.length() > RequestConfig.MAX_CONSUMER ? id.substring(0, RequestConfig.MAX_CONSUMER) : id;
    }

    @Override
    public DigitalState state() {
        LineRequest r = request;
        if (r == null) {
            return DigitalState.UNKNOWN; // not initialized, or shut down: the line is not ours to read (was an NPE)
        }
        return Pi4jErrors.call(() -> r.get(offset)) ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public DigitalInput shutdown(Context context) {
        super.shutdown(context);
        LineRequest r = request;
        request = null;
        if (r != null) {
            r.close();
        }
        return this;
    }
}

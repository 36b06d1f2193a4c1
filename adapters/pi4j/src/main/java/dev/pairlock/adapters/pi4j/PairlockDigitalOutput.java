package dev.pairlock.adapters.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;

/** A Pi4J digital output on a GPIO v2 line, requested with its initial state so it never glitches. */
final class PairlockDigitalOutput extends DigitalOutputBase {
    private final GpioChip chip;
    private final int offset;
    /** Null before initialize and after shutdown (the line released); read once per call, another thread may shut down. */
    private volatile LineRequest request;

    PairlockDigitalOutput(DigitalOutputProvider provider, DigitalOutputConfig config, GpioChip chip) {
        super(provider, config);
        this.chip = chip;
        this.offset = config.address();
    }

    @Override
    public DigitalOutput initialize(Context context) {
        boolean high = config.initialState() == DigitalState.HIGH;
        String id = config.id() == null || config.id().isEmpty() ? "pi4j" : config.id();
        String consumer = id.length() > RequestConfig.MAX_CONSUMER ? id.substring(0, RequestConfig.MAX_CONSUMER) : id;
        request = Pi4jErrors.call(() -> chip.request(RequestConfig.of(consumer), LineConfig.of(LineSettings.output(high), offset)));
        return super.initialize(context);
    }

    @Override
    public DigitalOutput state(DigitalState state) {
        if (state == DigitalState.UNKNOWN) {
            throw new com.pi4j.io.exception.IOException("output " + id + ": cannot drive the UNKNOWN state; use HIGH or LOW");
        }
        LineRequest r = request;
        if (r == null) {
            throw new com.pi4j.io.exception.IOException("output " + id + ": not initialized or already shut down (its line, "
                    + offset + ", is released): create the output again with context.create(...)"); // was an NPE
        }
        Pi4jErrors.run(() -> r.set(offset, state == DigitalState.HIGH));
        return super.state(state);
    }

    @Override
    public DigitalState state() {
        LineRequest r = request;
        return r == null ? DigitalState.UNKNOWN
                : Pi4jErrors.call(() -> r.get(offset)) ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public DigitalOutput shutdown(Context context) {
        super.shutdown(context); // drives the configured shutdown state first, on the line still held
        LineRequest r = request;
        request = null;
        if (r != null) {
            r.close();
        }
        return this;
    }
}

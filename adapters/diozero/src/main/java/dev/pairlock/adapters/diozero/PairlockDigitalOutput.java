package dev.pairlock.adapters.diozero;

import com.diozero.internal.spi.AbstractDevice;
import com.diozero.internal.spi.GpioDigitalOutputDeviceInterface;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;

/** A diozero digital output: one GPIO v2 line requested as an output with its initial value. */
final class PairlockDigitalOutput extends AbstractDevice implements GpioDigitalOutputDeviceInterface {
    private final int gpio;
    private final int offset;
    private final LineRequest request;

    PairlockDigitalOutput(String key, PairlockDeviceFactory factory, PairlockDeviceFactory.Line line, boolean initialValue) {
        super(key, factory);
        this.gpio = line.gpio();
        this.offset = line.offset();
        this.request = GpioLines.request(line.chip(), offset, LineSettings.output(initialValue));
    }

    @Override
    public int getGpio() {
        return gpio;
    }

    @Override
    public boolean getValue() {
        return DiozeroErrors.call(() -> request.get(offset));
    }

    @Override
    public void setValue(boolean value) {
        DiozeroErrors.run(() -> request.set(offset, value));
    }

    @Override
    protected void closeDevice() {
        request.close();
    }
}

package dev.pairlock.adapters.diozero;

import com.diozero.api.DeviceMode;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.InvalidModeException;
import com.diozero.internal.spi.AbstractInputDevice;
import com.diozero.internal.spi.GpioDigitalInputOutputDeviceInterface;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Edge;

/**
 * A line that switches between input (both edges reported) and output without being released:
 * GPIO_V2_LINE_SET_CONFIG_IOCTL, so no other process can take it in between. Its edges reach the
 * listeners on the line's own diozero queue ({@link EdgeDispatch}), with the edges the kernel lost
 * before each ({@link EdgeInputEvent}).
 */
final class PairlockDigitalInputOutput extends AbstractInputDevice<DigitalInputEvent>
        implements GpioDigitalInputOutputDeviceInterface {
    private final int gpio;
    private final int offset;
    private final LineRequest request;
    private final EdgeDispatch dispatch;
    private volatile DeviceMode mode;

    PairlockDigitalInputOutput(String key, PairlockDeviceFactory factory, PairlockDeviceFactory.Line line, DeviceMode mode) {
        super(key, factory);
        this.gpio = line.gpio();
        this.offset = line.offset();
        this.mode = check(mode);
        this.request = GpioLines.request(line.chip(), offset, settings(mode));
        EdgeLoss loss = EdgeDispatch.edgeLoss(line);
        this.dispatch = new EdgeDispatch(key, gpio, loss, factory.monotonic(), factory.wall(), this::accept);
        GpioLines.listen(request, dispatch);
        factory.counting(gpio, loss);
    }

    @Override
    protected void enableListener() {
        dispatch.listening();
    }

    private static DeviceMode check(DeviceMode mode) {
        if (mode != DeviceMode.DIGITAL_INPUT && mode != DeviceMode.DIGITAL_OUTPUT) {
            throw new InvalidModeException("Invalid mode " + mode + ": a digital input/output is DIGITAL_INPUT or DIGITAL_OUTPUT");
        }
        return mode;
    }

    private static LineSettings settings(DeviceMode mode) {
        return mode == DeviceMode.DIGITAL_OUTPUT ? LineSettings.output(false) : LineSettings.input().withEdge(Edge.BOTH);
    }

    @Override
    public int getGpio() {
        return gpio;
    }

    @Override
    public DeviceMode getMode() {
        return mode;
    }

    @Override
    public synchronized void setMode(DeviceMode newMode) {
        check(newMode);
        // an output keeps driving what it read last as an input, so switching does not glitch the line
        LineSettings s = newMode == DeviceMode.DIGITAL_OUTPUT ? LineSettings.output(getValue()) : settings(newMode);
        DiozeroErrors.run(() -> request.reconfigure(LineConfig.of(s, offset)));
        mode = newMode;
    }

    @Override
    public boolean getValue() {
        return DiozeroErrors.call(() -> request.get(offset));
    }

    @Override
    public void setValue(boolean value) {
        if (mode != DeviceMode.DIGITAL_OUTPUT) {
            throw new InvalidModeException("GPIO " + gpio + " is an input: setMode(DIGITAL_OUTPUT) before setValue");
        }
        DiozeroErrors.run(() -> request.set(offset, value));
    }

    @Override
    protected void closeDevice() {
        super.closeDevice();
        GpioLines.release(request, dispatch);
    }
}

package dev.pairlock.adapters.diozero;

import com.diozero.api.DigitalInputEvent;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.internal.spi.AbstractInputDevice;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import java.time.Duration;

/**
 * A diozero digital input on one GPIO v2 line: bias and edges are request settings, edges come from
 * the kernel with their timestamps through pairlock's per-chip event thread and reach the listeners
 * on the line's own diozero queue ({@link EdgeDispatch}), debounce is the kernel's
 * (GPIO_V2_LINE_ATTR_ID_DEBOUNCE), and edges the kernel lost are said, on the next event
 * ({@link EdgeInputEvent}), in the factory's count ({@link PairlockDeviceFactory#getEdgesLost}) and in a
 * rate-limited warning ({@link EdgeDispatch}).
 */
final class PairlockDigitalInput extends AbstractInputDevice<DigitalInputEvent> implements GpioDigitalInputDeviceInterface {
    private final int gpio;
    private final int offset;
    private final LineRequest request;
    /** Null when the input was asked for no edges: nothing to listen to then. */
    private final EdgeDispatch dispatch;
    private LineSettings settings;

    PairlockDigitalInput(String key, PairlockDeviceFactory factory, PairlockDeviceFactory.Line line,
                         GpioPullUpDown pud, GpioEventTrigger trigger) {
        super(key, factory);
        this.gpio = line.gpio();
        this.offset = line.offset();
        this.settings = LineSettings.input().withBias(GpioLines.bias(pud)).withEdge(GpioLines.edge(trigger));
        this.request = GpioLines.request(line.chip(), offset, settings);
        if (trigger != GpioEventTrigger.NONE) {
            EdgeLoss loss = EdgeDispatch.edgeLoss(line);
            this.dispatch = new EdgeDispatch(key, gpio, loss, factory.monotonic(), factory.wall(), this::accept);
            GpioLines.listen(request, dispatch);
            factory.counting(gpio, loss);
        } else {
            this.dispatch = null;
        }
    }

    @Override
    protected void enableListener() {
        if (dispatch != null) {
            dispatch.listening();
        }
    }

    @Override
    public int getGpio() {
        return gpio;
    }

    @Override
    public boolean getValue() {
        return DiozeroErrors.call(() -> request.get(offset));
    }

    /** The kernel's debounce: edges closer together than this are merged. */
    @Override
    public synchronized void setDebounceTimeMillis(int debounceTime) {
        HalArgumentException.checkRange("diozero debounce time (ms)", debounceTime, 0, Integer.MAX_VALUE);
        settings = settings.withDebounce(Duration.ofMillis(debounceTime));
        LineSettings s = settings;
        DiozeroErrors.run(() -> request.reconfigure(LineConfig.of(s, offset)));
    }

    @Override
    protected void closeDevice() {
        super.closeDevice();
        GpioLines.release(request, dispatch);
    }
}

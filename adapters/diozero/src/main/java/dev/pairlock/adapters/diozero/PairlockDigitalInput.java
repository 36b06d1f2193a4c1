package dev.pairlock.adapters.diozero;

import com.diozero.api.DigitalInputEvent;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.internal.spi.AbstractInputDevice;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import java.time.Duration;

/**
 * A diozero digital input on one GPIO v2 line: bias and edges are request settings, edges come from
 * the kernel with their timestamps through pairlock's per-chip event thread, debounce is the
 * kernel's (GPIO_V2_LINE_ATTR_ID_DEBOUNCE), and lost edges are counted rather than hidden.
 */
final class PairlockDigitalInput extends AbstractInputDevice<DigitalInputEvent> implements GpioDigitalInputDeviceInterface {
    private final int gpio;
    private final int offset;
    private final LineRequest request;
    private LineSettings settings;
    private volatile long missed;

    PairlockDigitalInput(String key, PairlockDeviceFactory factory, PairlockDeviceFactory.Line line,
                         GpioPullUpDown pud, GpioEventTrigger trigger) {
        super(key, factory);
        this.gpio = line.gpio();
        this.offset = line.offset();
        this.settings = LineSettings.input().withBias(GpioLines.bias(pud)).withEdge(GpioLines.edge(trigger));
        this.request = GpioLines.request(line.chip(), offset, settings);
        if (trigger != GpioEventTrigger.NONE) {
            GpioLines.listen(request, new EdgeListener() {
                @Override
                public void onEdge(EdgeEvent e) {
                    accept(GpioLines.event(gpio, e, factory.monotonic(), factory.wall()));
                }

                @Override
                public void onMissed(int line, long count, EdgeEvent next) {
                    missed += count;
                }
            });
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

    /** Edges the kernel's event buffer lost (gaps in its line sequence numbers). */
    long missedEdges() {
        return missed;
    }

    @Override
    protected void closeDevice() {
        super.closeDevice();
        request.close();
    }
}

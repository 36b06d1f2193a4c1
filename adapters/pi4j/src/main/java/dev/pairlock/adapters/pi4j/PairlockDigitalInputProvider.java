package dev.pairlock.adapters.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;

/** Pi4J's digital input provider: a GPIO v2 line of the plugin's chip per input, with kernel edge events. */
final class PairlockDigitalInputProvider extends DigitalInputProviderBase {
    private final Pi4jHardware hardware;

    PairlockDigitalInputProvider(Pi4jHardware hardware) {
        super(PairlockPlugin.DIGITAL_INPUT_PROVIDER_ID, "pairlock Digital Input (GPIO v2) Provider");
        this.hardware = hardware;
    }

    @Override
    public int getPriority() {
        return PairlockPlugin.PRIORITY;
    }

    @Override
    public DigitalInput create(DigitalInputConfig config) {
        PairlockDigitalInput in = new PairlockDigitalInput(this, config, Pi4jErrors.call(hardware::chip));
        context.registry().add(in);
        return in;
    }
}

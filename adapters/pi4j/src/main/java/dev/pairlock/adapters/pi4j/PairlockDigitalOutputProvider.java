package dev.pairlock.adapters.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;

/** Pi4J's digital output provider: a GPIO v2 line of the plugin's chip per output. */
final class PairlockDigitalOutputProvider extends DigitalOutputProviderBase {
    private final Pi4jHardware hardware;

    PairlockDigitalOutputProvider(Pi4jHardware hardware) {
        super(PairlockPlugin.DIGITAL_OUTPUT_PROVIDER_ID, "pairlock Digital Output (GPIO v2) Provider");
        this.hardware = hardware;
    }

    @Override
    public int getPriority() {
        return PairlockPlugin.PRIORITY;
    }

    @Override
    public DigitalOutput create(DigitalOutputConfig config) {
        PairlockDigitalOutput out = new PairlockDigitalOutput(this, config, Pi4jErrors.call(hardware::chip));
        context.registry().add(out);
        return out;
    }
}

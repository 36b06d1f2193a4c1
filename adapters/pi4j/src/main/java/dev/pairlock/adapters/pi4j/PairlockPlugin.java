package dev.pairlock.adapters.pi4j;

import com.pi4j.context.Context;
import com.pi4j.extension.Plugin;
import com.pi4j.extension.PluginService;
import com.pi4j.provider.Provider;

/**
 * The Pi4J plugin: registers pairlock's I2C, digital input and digital output providers (ids
 * {@code pairlock-i2c}, {@code pairlock-digital-input}, {@code pairlock-digital-output}), with a
 * priority above Pi4J's own Linux providers. GPIO addresses are line offsets on one chip
 * ({@code pairlock.gpio.chip}, default gpiochip0); I2C buses are {@code /dev/i2c-N}.
 *
 * <p>PWM, SPI, serial and analog I/O are not pairlock's: no provider is registered for them, so
 * Pi4J answers a request for one in its own way, a {@code ProviderNotFoundException}.
 */
public final class PairlockPlugin implements Plugin {
    public static final String I2C_PROVIDER_ID = "pairlock-i2c";
    public static final String DIGITAL_INPUT_PROVIDER_ID = "pairlock-digital-input";
    public static final String DIGITAL_OUTPUT_PROVIDER_ID = "pairlock-digital-output";
    /** Above Pi4J's linuxfs (150) and gpiod (150) providers. */
    static final int PRIORITY = 200;

    private Pi4jHardware hardware;

    @Override
    public void initialize(PluginService service) {
        Context c = service.context();
        PluginSettings settings = PluginSettings.read(key -> c.properties().has(key) ? c.properties().get(key)
                : System.getProperty(key));
        hardware = Pi4jHardware.linux(settings);
        service.register(providers(hardware));
    }

    /** The three providers over {@code hardware}, for a context built by hand ({@code Pi4J.newContextBuilder().add(...)}). */
    public static Provider<?, ?, ?>[] providers(Pi4jHardware hardware) {
        return new Provider<?, ?, ?>[] {new PairlockI2CProvider(hardware), new PairlockDigitalInputProvider(hardware),
            new PairlockDigitalOutputProvider(hardware)};
    }

    @Override
    public void shutdown(Context context) {
        if (hardware != null) {
            hardware.close();
            hardware = null;
        }
    }
}

package dev.pairlock.adapters.pi4j;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProviderBase;
import dev.pairlock.hal.i2c.I2cAddress;
import dev.pairlock.hal.i2c.I2cBus;
import java.util.HashMap;
import java.util.Map;

/** Pi4J's I2C provider on pairlock's {@code /dev/i2c-N} buses. */
final class PairlockI2CProvider extends I2CProviderBase {
    private final Pi4jHardware hardware;
    private final Map<Integer, PairlockI2CBus> buses = new HashMap<>();

    PairlockI2CProvider(Pi4jHardware hardware) {
        super(PairlockPlugin.I2C_PROVIDER_ID, "pairlock I2C Provider");
        this.hardware = hardware;
    }

    @Override
    public int getPriority() {
        return PairlockPlugin.PRIORITY;
    }

    @Override
    public synchronized I2C create(I2CConfig config) {
        I2cBus bus = Pi4jErrors.call(() -> hardware.buses().bus(config.bus()));
        int a = config.device();
        // the reserved addresses need pairlock's "forced" flag, as i2c-tools' -a
        I2cAddress address = Pi4jErrors.call(() -> new I2cAddress(a, a < I2cAddress.FIRST_NORMAL || a > I2cAddress.LAST_NORMAL));
        PairlockI2C i2c = new PairlockI2C(this, config, buses.computeIfAbsent(config.bus(), n -> new PairlockI2CBus(config)),
                bus, address);
        context.registry().add(i2c);
        return i2c;
    }
}

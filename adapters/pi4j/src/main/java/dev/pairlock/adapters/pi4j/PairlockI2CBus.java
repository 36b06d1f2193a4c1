package dev.pairlock.adapters.pi4j;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBusBase;
import com.pi4j.io.i2c.I2CConfig;
import java.util.concurrent.Callable;

/**
 * Pi4J's per-bus lock for {@link I2C#execute} (a caller's sequence of operations that must not
 * interleave with another device's); each single operation is serialized by pairlock's bus itself.
 */
final class PairlockI2CBus extends I2CBusBase {
    PairlockI2CBus(I2CConfig config) {
        super(config);
    }

    @Override
    public <R> R execute(I2C i2c, Callable<R> action) {
        return _execute(i2c, action);
    }
}

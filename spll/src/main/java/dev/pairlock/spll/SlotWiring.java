package dev.pairlock.spll;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.i2c.I2cAddress;

/**
 * Where one board slot's register device is wired: the I2C bus number and the device's 7-bit
 * address on it. The default wiring puts slot k on bus k at the register map's address; a platform
 * file may route a slot anywhere ({@code slot.N.bus}, {@code slot.N.address}).
 */
public record SlotWiring(int bus, int address) {
    public SlotWiring {
        if (bus < 0) {
            throw new HalArgumentException("I2C bus number " + bus + " is negative: valid is 0 and up");
        }
        I2cAddress.of(address);
    }
}

package dev.pairlock.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cFunctionality;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import org.junit.jupiter.api.Test;

class I2cExceptionMessagesTest {
    @Test
    void timeoutNamesBusAddressRegisterAndRemedy() {
        I2cException e = new I2cTimeoutException(3, 0x23, 0x10, 110);
        assertEquals("I2C bus 3, address 0x23, register 0x10: the transaction timed out (the bus may be hung: "
                + "check for a device holding SDA low, or raise the bus timeout)", e.getMessage());
        assertEquals(110, e.errno());
    }

    @Test
    void wholeBusOperationsOmitAddressAndRegister() {
        I2cException e = new I2cNoAcknowledgeException(1, -1, -1, 6);
        assertTrue(e.getMessage().startsWith("I2C bus 1: no device acknowledged"), e.getMessage());
    }

    @Test
    void busErrorCarriesErrnoText() {
        I2cException e = new I2cBusErrorException(0, 0x50, -1, 5, "Input/output error");
        assertTrue(e.getMessage().contains("errno 5: Input/output error"), e.getMessage());
    }

    @Test
    void functionalityDescribesEveryFlag() {
        I2cFunctionality f = new I2cFunctionality(I2cFunctionality.SMBUS_EMUL);
        assertTrue(f.has(I2cFunctionality.SMBUS_READ_BYTE_DATA));
        assertTrue(!f.has(I2cFunctionality.I2C));
        assertEquals(20, f.describe().size());
        assertTrue(f.describe().contains(java.util.Map.entry("I2C", false)));
        assertTrue(f.describe().contains(java.util.Map.entry("SMBus Read Byte", true)));
    }
}

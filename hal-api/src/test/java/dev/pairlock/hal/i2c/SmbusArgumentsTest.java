package dev.pairlock.hal.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.HalArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SmbusArgumentsTest {
    private static final I2cAddress A = I2cAddress.of(0x50);

    @Test
    void acceptsTheWholeValidRange() {
        assertEquals(0, SmbusArguments.register(3, A, 0));
        assertEquals(0xFF, SmbusArguments.register(3, A, 0xFF));
        assertEquals(0xFF, SmbusArguments.byteValue(3, A, 0xFF));
        assertEquals(0xFFFF, SmbusArguments.wordValue(3, A, 0xFFFF));
        assertEquals(1, SmbusArguments.blockLength(3, A, "I2C block read", new byte[1], 1));
        assertEquals(32, SmbusArguments.blockLength(3, A, "I2C block read", new byte[40], 32));
        byte[] dst = new byte[32];
        assertSame(dst, SmbusArguments.blockReadBuffer(3, A, dst));
    }

    @Test
    void rangeFailuresNameBusAddressParameterAndRange() {
        assertMessage(() -> SmbusArguments.register(3, A, 256), "I2C bus 3, address 0x50: register 256", "0..255");
        assertMessage(() -> SmbusArguments.register(3, A, -1), "I2C bus 3, address 0x50: register -1", "0..255");
        assertMessage(() -> SmbusArguments.byteValue(3, A, 256), "I2C bus 3, address 0x50: byte value 256", "0..255");
        assertMessage(() -> SmbusArguments.wordValue(3, A, 0x10000), "I2C bus 3, address 0x50: word value 65536", "0..65535");
        assertMessage(() -> SmbusArguments.blockLength(3, A, "I2C block write", new byte[40], 33),
                "I2C bus 3, address 0x50: I2C block write length 33", "1..32");
        assertMessage(() -> SmbusArguments.blockLength(3, A, "I2C block read", new byte[4], 0),
                "I2C bus 3, address 0x50: I2C block read length 0", "1..32");
    }

    @Test
    void shortBuffersSayHowLargeTheyMustBe() {
        assertMessage(() -> SmbusArguments.blockLength(3, A, "SMBus block write", new byte[2], 3),
                "I2C bus 3, address 0x50: SMBus block write of 3 bytes", "at least 3, not 2");
        assertMessage(() -> SmbusArguments.blockReadBuffer(3, A, new byte[8]),
                "I2C bus 3, address 0x50: SMBus block read buffer has 8 bytes", "room for 32");
        assertThrows(NullPointerException.class, () -> SmbusArguments.blockLength(3, A, "I2C block read", null, 1));
        assertThrows(NullPointerException.class, () -> SmbusArguments.blockReadBuffer(3, A, null));
    }

    private static void assertMessage(Executable call, String start, String remedy) {
        HalArgumentException e = assertThrows(HalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertTrue(e.getMessage().contains(remedy), e.getMessage());
    }
}

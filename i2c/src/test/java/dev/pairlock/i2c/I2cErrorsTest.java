package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.i2c.I2cArbitrationLostException;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.libc.NativeErrno;
import org.junit.jupiter.api.Test;

class I2cErrorsTest {
    private static I2cException map(int errno) {
        return I2cErrors.transactionFailure(errno, "text of " + errno, 4, 0x50, 0x10, "SMBus read byte data");
    }

    @Test
    void eachErrnoBecomesItsTypedException() {
        assertInstanceOf(I2cTimeoutException.class, map(NativeErrno.ETIMEDOUT));
        assertInstanceOf(I2cNoAcknowledgeException.class, map(NativeErrno.ENXIO));
        assertInstanceOf(I2cNoAcknowledgeException.class, map(NativeErrno.EREMOTEIO));
        assertInstanceOf(I2cNoAcknowledgeException.class, map(NativeErrno.ENODEV)); // i2c-stub's absent chip
        assertInstanceOf(I2cBusBusyException.class, map(NativeErrno.EBUSY));
        assertInstanceOf(I2cArbitrationLostException.class, map(NativeErrno.EAGAIN));
        assertInstanceOf(I2cUnsupportedException.class, map(NativeErrno.EOPNOTSUPP));
        assertInstanceOf(I2cBusErrorException.class, map(NativeErrno.EIO));
        assertInstanceOf(I2cBusErrorException.class, map(NativeErrno.EPROTO));
    }

    @Test
    void theExceptionNamesBusAddressRegisterAndErrno() {
        I2cException e = map(NativeErrno.EIO);
        assertEquals(4, e.bus());
        assertEquals(0x50, e.address());
        assertEquals(0x10, e.register());
        assertEquals(NativeErrno.EIO, e.errno());
        assertTrue(e.getMessage().startsWith("I2C bus 4, address 0x50, register 0x10: "), e.getMessage());
        assertTrue(e.getMessage().contains("EIO, text of 5, during SMBus read byte data"), e.getMessage());
        assertTrue(map(NativeErrno.ETIMEDOUT).getMessage().contains("SMBus read byte data"));
    }

    @Test
    void aMissingNodeSaysToLoadI2cDev() {
        DeviceUnavailableException e = I2cErrors.openFailure("/dev/i2c-9", NativeErrno.ENOENT, "No such file or directory");
        assertEquals("/dev/i2c-9", e.device());
        assertTrue(e.remedy().contains("modprobe i2c-dev"), e.getMessage());
    }

    @Test
    void permissionDeniedSaysToFixTheGroupOrUdev() {
        DeviceUnavailableException e = I2cErrors.openFailure("/dev/i2c-1", NativeErrno.EACCES, "Permission denied");
        assertTrue(e.remedy().contains("i2c group") && e.remedy().contains("udev"), e.getMessage());
    }

    @Test
    void enottyOnI2cFuncsSaysItIsNotAnI2cDevNode() {
        DeviceUnavailableException e = I2cErrors.functionalityFailure("/dev/null", NativeErrno.ENOTTY, "x");
        assertTrue(e.getMessage().contains("is not an i2c-dev node"), e.getMessage());
        assertTrue(e.getMessage().contains("ENOTTY"), e.getMessage());
    }

    /** The probes' exception-free answer and the thrown mapping must name the same errnos. */
    @Test
    void theProbesNoAcknowledgeIsExactlyTheNoAcknowledgeExceptionsErrnos() {
        for (int errno = 1; errno < 256; errno++) {
            boolean thrownAsNack = I2cErrors.transactionFailure(errno, "x", 1, 0x50, 0, "probe") instanceof I2cNoAcknowledgeException;
            assertEquals(thrownAsNack, I2cErrors.isNoAcknowledge(errno), "errno " + errno);
        }
    }
}

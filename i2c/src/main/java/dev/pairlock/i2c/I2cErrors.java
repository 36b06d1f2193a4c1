package dev.pairlock.i2c;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.i2c.I2cArbitrationLostException;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cNoAcknowledgeException;
import dev.pairlock.hal.i2c.I2cTimeoutException;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import dev.pairlock.libc.NativeErrno;

/** errno → the hal's typed exceptions: a pure function, so it is tested without hardware. */
final class I2cErrors {
    private I2cErrors() {
    }

    /**
     * The exception for a failed transaction. EAGAIN reaches here only once the configured retries
     * are spent, hence "arbitration lost". ENODEV counts as no acknowledge: i2c-stub (and some
     * SMBus controller drivers) report an address without a target that way instead of ENXIO.
     */
    static I2cException transactionFailure(int errno, String errorText, int bus, int address, int register, String operation) {
        return switch (errno) {
            case NativeErrno.ETIMEDOUT -> new I2cTimeoutException(bus, address, register, errno, operation);
            case NativeErrno.ENXIO, NativeErrno.EREMOTEIO, NativeErrno.ENODEV -> new I2cNoAcknowledgeException(bus, address, register, errno, operation);
            case NativeErrno.EBUSY -> new I2cBusBusyException(bus, address, register, errno, operation);
            case NativeErrno.EAGAIN -> new I2cArbitrationLostException(bus, address, register, errno, operation);
            case NativeErrno.EOPNOTSUPP -> new I2cUnsupportedException(bus, address, register, errno, operation);
            default -> new I2cBusErrorException(bus, address, register, errno,
                    NativeErrno.nameOf(errno) + ", " + errorText + ", during " + operation);
        };
    }

    /** The errnos {@link #transactionFailure} reports as no acknowledge: the probes answer these without an exception. */
    static boolean isNoAcknowledge(int errno) {
        return errno == NativeErrno.ENXIO || errno == NativeErrno.EREMOTEIO || errno == NativeErrno.ENODEV;
    }

    /** Why {@code open(path)} failed, and what to do about it. */
    static DeviceUnavailableException openFailure(String path, int errno, String errorText) {
        return switch (errno) {
            case NativeErrno.ENOENT, NativeErrno.ENODEV, NativeErrno.ENXIO -> new DeviceUnavailableException(path,
                    "no such I2C adapter node (" + NativeErrno.nameOf(errno) + ")",
                    "load the i2c-dev module (modprobe i2c-dev) and check the bus number with i2cdetect -l");
            case NativeErrno.EACCES, NativeErrno.EPERM -> new DeviceUnavailableException(path,
                    "permission denied (" + NativeErrno.nameOf(errno) + ")",
                    "add the user to the i2c group or a udev rule granting access to /dev/i2c-*");
            default -> new DeviceUnavailableException(path,
                    "cannot be opened (" + NativeErrno.nameOf(errno) + ": " + errorText + ")",
                    "check the node with ls -l and the kernel log (dmesg)");
        };
    }

    /** I2C_FUNCS failed right after opening: most likely not an i2c-dev node at all. */
    static DeviceUnavailableException functionalityFailure(String path, int errno, String errorText) {
        if (errno == NativeErrno.ENOTTY || errno == NativeErrno.EINVAL) {
            return new DeviceUnavailableException(path,
                    "is not an i2c-dev node (I2C_FUNCS ioctl: " + NativeErrno.nameOf(errno) + ")",
                    "use a /dev/i2c-N character device created by the i2c-dev module");
        }
        return new DeviceUnavailableException(path,
                "the I2C_FUNCS ioctl failed (" + NativeErrno.nameOf(errno) + ": " + errorText + ")",
                "check the adapter driver's kernel log (dmesg)");
    }
}

package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.GpioException;
import dev.pairlock.libc.NativeErrno;

/** errno of a GPIO call to the typed exception that says what to do about it. */
final class GpioErrno {
    private GpioErrno() {
    }

    static GpioException opening(String path, int errno) {
        return switch (errno) {
            case NativeErrno.ENOENT -> new GpioChipUnavailableException(path, errno,
                    "no such device: check ls /dev/gpiochip*, or load the GPIO driver (e.g. gpio-sim)");
            case NativeErrno.EACCES, NativeErrno.EPERM -> new GpioChipUnavailableException(path, errno,
                    "permission denied: add the user to the gpio group or a udev rule granting access to the chip");
            case NativeErrno.ENOTTY -> new NotAGpioChipException(path, errno);
            default -> new GpioChipUnavailableException(path, errno, "cannot open: " + describe(errno));
        };
    }

    static GpioException call(String chip, int line, String what, int errno) {
        return switch (errno) {
            case NativeErrno.ENOTTY -> new NotAGpioChipException(chip, errno);
            case NativeErrno.EINVAL -> new GpioException(chip, line, errno, what
                    + " rejected by the kernel (EINVAL): the settings are not supported by this chip or kernel");
            case NativeErrno.ENODEV -> new GpioException(chip, line, errno, what
                    + " failed: the chip has gone (ENODEV); reopen it once its driver is back");
            default -> new GpioException(chip, line, errno, what + " failed: " + describe(errno));
        };
    }

    static String describe(int errno) {
        return NativeErrno.nameOf(errno) + " (" + errno + ")";
    }
}

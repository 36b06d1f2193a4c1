package dev.pairlock.clockregs;

import dev.pairlock.clockregs.MappedRegisterWindow.Source;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.libc.NativeErrno;

/** Why a register window could not be set up, and what to do: pure functions of the errno. */
final class RegisterErrors {
    private RegisterErrors() {
    }

    static DeviceUnavailableException openFailure(Source source, String path, int errno, String text) {
        String problem = "cannot be opened (" + NativeErrno.nameOf(errno) + ": " + text + ")";
        if (errno == NativeErrno.EACCES || errno == NativeErrno.EPERM) {
            return new DeviceUnavailableException(path, problem, switch (source) {
                case DEV_MEM -> "run as root or use a UIO device";
                case UIO -> "add a udev rule granting the user access to the uio node";
                case PCI_RESOURCE -> "run as root, or bind the device to uio_pci_generic and use its UIO map";
                case FILE -> "make the file readable and writable by this user";
            });
        }
        if (errno == NativeErrno.ENOENT || errno == NativeErrno.ENODEV || errno == NativeErrno.ENXIO) {
            return new DeviceUnavailableException(path, problem, switch (source) {
                case DEV_MEM -> "this kernel has no /dev/mem (CONFIG_DEVMEM): use a UIO device";
                case UIO -> "load and bind the UIO driver (e.g. modprobe uio_pci_generic) and check ls /sys/class/uio";
                case PCI_RESOURCE -> "check the PCI address with lspci -D and that the BAR exists";
                case FILE -> "create the file or fix the path";
            });
        }
        return new DeviceUnavailableException(path, problem, "check the kernel log (dmesg)");
    }

    static DeviceUnavailableException mapFailure(Source source, String name, int errno, String text) {
        String problem = "mmap failed (" + NativeErrno.nameOf(errno) + ": " + text + ")";
        if (source == Source.DEV_MEM && (errno == NativeErrno.EPERM || errno == NativeErrno.EACCES)) {
            return new DeviceUnavailableException(name, problem,
                    "the kernel refuses this range (CONFIG_STRICT_DEVMEM / lockdown): map the device's PCI resource or UIO map instead");
        }
        if (errno == NativeErrno.EINVAL) {
            return new DeviceUnavailableException(name, problem,
                    "the offset or size lies outside what the device exposes: check the BAR or UIO map size");
        }
        return new DeviceUnavailableException(name, problem, "check the kernel log (dmesg)");
    }
}

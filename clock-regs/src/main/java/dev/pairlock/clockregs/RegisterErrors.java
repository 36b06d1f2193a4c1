package dev.pairlock.clockregs;

import dev.pairlock.clockregs.MappedRegisterWindow.Source;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.libc.NativeErrno;

/** Why a register window could not be set up (or a closed one released), and what to do: pure functions of the errno. */
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

    /**
     * A window of a group was closed (it refuses every access) but its pages could not be replaced
     * by zero pages, so the device stays mapped until the group is collected.
     */
    static DeviceUnavailableException releaseFailure(String name, long address, long length, int errno, String text) {
        return new DeviceUnavailableException(name, String.format("is closed, but its %d bytes mapped at 0x%x could not"
                + " be released (mmap MAP_FIXED failed: %s: %s)", length, address, NativeErrno.nameOf(errno), text),
                "they stay mapped until the GC collects the window's group; ENOMEM under vm.overcommit_memory=2 means the"
                        + " commit limit is reached. Map a window that must be released at close() alone");
    }
}

package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.clockregs.MappedRegisterWindow.Source;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.libc.NativeErrno;
import org.junit.jupiter.api.Test;

class RegisterErrorsTest {
    @Test
    void permissionDeniedOnDevMemSaysRunAsRootOrUseUio() {
        DeviceUnavailableException e = RegisterErrors.openFailure(Source.DEV_MEM, "/dev/mem", NativeErrno.EACCES, "Permission denied");
        assertEquals("/dev/mem", e.device());
        assertEquals("run as root or use a UIO device", e.remedy());
        assertTrue(e.getMessage().contains("EACCES"), e.getMessage());
    }

    @Test
    void aMissingUioNodeSaysToBindTheDriver() {
        DeviceUnavailableException e = RegisterErrors.openFailure(Source.UIO, "/dev/uio3", NativeErrno.ENOENT, "x");
        assertTrue(e.remedy().contains("uio"), e.remedy());
    }

    @Test
    void strictDevMemRefusalPointsAtResourceFiles() {
        DeviceUnavailableException e = RegisterErrors.mapFailure(Source.DEV_MEM, "/dev/mem@0x1000", NativeErrno.EPERM, "x");
        assertTrue(e.remedy().contains("STRICT_DEVMEM"), e.remedy());
        DeviceUnavailableException inval = RegisterErrors.mapFailure(Source.PCI_RESOURCE, "r", NativeErrno.EINVAL, "x");
        assertTrue(inval.remedy().contains("BAR"), inval.remedy());
    }

    @Test
    void pagesThatCannotBeReleasedAtCloseAreNamedWithAddressLengthAndWhatToDo() {
        long beyond = 1L << 62; // above every user address space: the kernel refuses (ENOMEM)
        WindowMapping unreleasable = new WindowMapping("/dev/mem@0xfe000000", beyond, 4096, 0, 64);
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, unreleasable::vacate);
        assertEquals("/dev/mem@0xfe000000", e.device());
        assertTrue(e.getMessage().contains("4096 bytes mapped at 0x" + Long.toHexString(beyond))
                && e.getMessage().contains("ENOMEM"), e.getMessage());
        assertTrue(e.remedy().contains("stay mapped until the GC") && e.remedy().contains("alone"), e.remedy());
    }
}

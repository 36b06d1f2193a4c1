package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

class AbiLayoutTest {
    @Test
    void cLongSizeTAndPointersAreEightBytesOnLp64() {
        assertEquals(8, Libc.C_LONG.byteSize());
        assertEquals(8, Libc.C_SIZE_T.byteSize());
        assertEquals(8, Libc.C_POINTER.byteSize());
        assertEquals(4, Libc.C_INT.byteSize());
    }

    @Test
    void pollfdIsEightBytes() {
        assertEquals(8, Libc.POLLFD.byteSize());
        assertEquals(6, Libc.POLLFD.byteOffset(PathElement.groupElement("revents")));
    }

    @Test
    void epollEventIsPackedOnX8664AndAlignedElsewhere() {
        assertEquals(12, Libc.epollEventLayout("amd64").byteSize());
        assertEquals(4, Libc.epollEventLayout("amd64").byteOffset(PathElement.groupElement("data")));
        assertEquals(16, Libc.epollEventLayout("aarch64").byteSize());
        assertEquals(8, Libc.epollEventLayout("aarch64").byteOffset(PathElement.groupElement("data")));
    }

    @Test
    void ioctlNumbersMatchTheKernelHeaders() {
        // <linux/gpio.h>: GPIO_GET_CHIPINFO_IOCTL = _IOR(0xB4, 0x01, struct gpiochip_info) = 0x8044b401
        assertEquals(0x8044B401L, IoctlRequest.ior(0xB4, 0x01, 68));
        // GPIO_V2_GET_LINE_IOCTL = _IOWR(0xB4, 0x07, struct gpio_v2_line_request) = 0xc250b407
        assertEquals(0xC250B407L, IoctlRequest.iowr(0xB4, 0x07, 592));
        // <linux/fs.h>: FIONREAD is the legacy 0x541B, I2C ioctls are plain numbers too
        assertEquals(0x541BL, Libc.FIONREAD);
        assertEquals(0x0000B400L, IoctlRequest.io(0xB4, 0));
    }
}

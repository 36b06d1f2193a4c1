package dev.pairlock.gpio.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.libc.IdempotentIoctl;
import org.junit.jupiter.api.Test;

/** Sizes and offsets as printed by a C program compiled against this host's linux/gpio.h. */
class GpioUapiTest {
    @Test
    void structSizesMatchTheHeader() {
        assertEquals(68, GpioUapi.CHIP_INFO.byteSize());
        assertEquals(16, GpioUapi.LINE_ATTRIBUTE.byteSize());
        assertEquals(24, GpioUapi.LINE_CONFIG_ATTRIBUTE.byteSize());
        assertEquals(272, GpioUapi.LINE_CONFIG.byteSize());
        assertEquals(592, GpioUapi.LINE_REQUEST.byteSize());
        assertEquals(256, GpioUapi.LINE_INFO.byteSize());
        assertEquals(16, GpioUapi.LINE_VALUES.byteSize());
        assertEquals(48, GpioUapi.LINE_EVENT.byteSize());
    }

    @Test
    void fieldOffsetsMatchTheHeader() {
        assertEquals(288, GpioUapi.REQ_CONFIG);
        assertEquals(560, GpioUapi.REQ_NUM_LINES);
        assertEquals(564, GpioUapi.REQ_EVENT_BUFFER_SIZE);
        assertEquals(588, GpioUapi.REQ_FD);
        assertEquals(72, GpioUapi.INFO_FLAGS);
        assertEquals(80, GpioUapi.INFO_ATTRS);
        assertEquals(32, GpioUapi.CONFIG_ATTRS);
        assertEquals(16, GpioUapi.CONFIG_ATTR_MASK);
        assertEquals(8, GpioUapi.ATTR_VALUE);
        assertEquals(64, GpioUapi.CHIP_INFO_LINES);
        assertEquals(20, GpioUapi.EVENT_LINE_SEQNO);
    }

    @Test
    void ioctlNumbersDerivedFromLayoutsMatchTheKernel() {
        assertEquals(0xC250B407L, GpioUapi.GPIO_V2_GET_LINE_IOCTL);
        assertEquals(0xC100B405L, GpioUapi.GPIO_V2_GET_LINEINFO_IOCTL);
        assertEquals(0xC010B40FL, GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL);
        assertEquals(0xC010B40EL, GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL);
        assertEquals(0xC110B40DL, GpioUapi.GPIO_V2_LINE_SET_CONFIG_IOCTL);
        assertEquals(0x8044B401L, GpioUapi.GPIO_GET_CHIPINFO_IOCTL);
    }

    @Test
    void libcsIdempotentValuesRequestsAreTheOnesDerivedHere() {
        // LinuxLineRequest passes libc's constants (its fast path), so they must be these numbers and sizes
        assertEquals(GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL, IdempotentIoctl.GPIO_V2_LINE_GET_VALUES.number());
        assertEquals(GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL, IdempotentIoctl.GPIO_V2_LINE_SET_VALUES.number());
        assertEquals(GpioUapi.LINE_VALUES.byteSize(), IdempotentIoctl.GPIO_V2_LINE_GET_VALUES.argBytes());
        assertEquals(GpioUapi.LINE_VALUES.byteSize(), IdempotentIoctl.GPIO_V2_LINE_SET_VALUES.argBytes());
    }
}

package dev.pairlock.gpio.uapi;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pairlock.libc.IoctlRequest;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * The structs and ioctl numbers of {@code <linux/gpio.h>} (character device uAPI v2), as memory
 * layouts. The ioctl numbers are derived from the layouts' sizes the way the header's
 * {@code _IOR}/{@code _IOWR} macros do, so a wrong layout shows up as a wrong ioctl number in the
 * tests rather than as EINVAL/ENOTTY from the kernel.
 */
public final class GpioUapi {
    public static final int MAX_NAME_SIZE = 32;
    public static final int LINES_MAX = 64;
    public static final int NUM_ATTRS_MAX = 10;

    public static final long FLAG_USED = 1L;
    public static final long FLAG_ACTIVE_LOW = 1L << 1;
    public static final long FLAG_INPUT = 1L << 2;
    public static final long FLAG_OUTPUT = 1L << 3;
    public static final long FLAG_EDGE_RISING = 1L << 4;
    public static final long FLAG_EDGE_FALLING = 1L << 5;
    public static final long FLAG_OPEN_DRAIN = 1L << 6;
    public static final long FLAG_OPEN_SOURCE = 1L << 7;
    public static final long FLAG_BIAS_PULL_UP = 1L << 8;
    public static final long FLAG_BIAS_PULL_DOWN = 1L << 9;
    public static final long FLAG_BIAS_DISABLED = 1L << 10;

    public static final int ATTR_ID_FLAGS = 1;
    public static final int ATTR_ID_OUTPUT_VALUES = 2;
    public static final int ATTR_ID_DEBOUNCE = 3;

    public static final int EVENT_RISING_EDGE = 1;
    public static final int EVENT_FALLING_EDGE = 2;

    public static final StructLayout CHIP_INFO = structLayout(
            sequenceLayout(MAX_NAME_SIZE, JAVA_BYTE).withName("name"),
            sequenceLayout(MAX_NAME_SIZE, JAVA_BYTE).withName("label"),
            JAVA_INT.withName("lines")).withName("gpiochip_info");

    public static final StructLayout LINE_ATTRIBUTE = structLayout(
            JAVA_INT.withName("id"),
            JAVA_INT.withName("padding"),
            unionLayout(
                    JAVA_LONG.withName("flags"),
                    JAVA_LONG.withName("values"),
                    JAVA_INT.withName("debounce_period_us")).withName("value")).withName("gpio_v2_line_attribute");

    public static final StructLayout LINE_CONFIG_ATTRIBUTE = structLayout(
            LINE_ATTRIBUTE.withName("attr"),
            JAVA_LONG.withName("mask")).withName("gpio_v2_line_config_attribute");

    public static final StructLayout LINE_CONFIG = structLayout(
            JAVA_LONG.withName("flags"),
            JAVA_INT.withName("num_attrs"),
            sequenceLayout(5, JAVA_INT).withName("padding"),
            sequenceLayout(NUM_ATTRS_MAX, LINE_CONFIG_ATTRIBUTE).withName("attrs")).withName("gpio_v2_line_config");

    public static final StructLayout LINE_REQUEST = structLayout(
            sequenceLayout(LINES_MAX, JAVA_INT).withName("offsets"),
            sequenceLayout(MAX_NAME_SIZE, JAVA_BYTE).withName("consumer"),
            LINE_CONFIG.withName("config"),
            JAVA_INT.withName("num_lines"),
            JAVA_INT.withName("event_buffer_size"),
            sequenceLayout(5, JAVA_INT).withName("padding"),
            JAVA_INT.withName("fd")).withName("gpio_v2_line_request");

    public static final StructLayout LINE_INFO = structLayout(
            sequenceLayout(MAX_NAME_SIZE, JAVA_BYTE).withName("name"),
            sequenceLayout(MAX_NAME_SIZE, JAVA_BYTE).withName("consumer"),
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("num_attrs"),
            JAVA_LONG.withName("flags"),
            sequenceLayout(NUM_ATTRS_MAX, LINE_ATTRIBUTE).withName("attrs"),
            sequenceLayout(4, JAVA_INT).withName("padding")).withName("gpio_v2_line_info");

    public static final StructLayout LINE_VALUES = structLayout(
            JAVA_LONG.withName("bits"),
            JAVA_LONG.withName("mask")).withName("gpio_v2_line_values");

    public static final StructLayout LINE_EVENT = structLayout(
            JAVA_LONG.withName("timestamp_ns"),
            JAVA_INT.withName("id"),
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("seqno"),
            JAVA_INT.withName("line_seqno"),
            paddingLayout(6 * Integer.BYTES)).withName("gpio_v2_line_event");

    private static final int GPIO_MAGIC = 0xB4;

    public static final long GPIO_GET_CHIPINFO_IOCTL = IoctlRequest.ior(GPIO_MAGIC, 0x01, CHIP_INFO.byteSize());
    public static final long GPIO_V2_GET_LINEINFO_IOCTL = IoctlRequest.iowr(GPIO_MAGIC, 0x05, LINE_INFO.byteSize());
    public static final long GPIO_V2_GET_LINE_IOCTL = IoctlRequest.iowr(GPIO_MAGIC, 0x07, LINE_REQUEST.byteSize());
    public static final long GPIO_V2_LINE_SET_CONFIG_IOCTL = IoctlRequest.iowr(GPIO_MAGIC, 0x0D, LINE_CONFIG.byteSize());
    public static final long GPIO_V2_LINE_GET_VALUES_IOCTL = IoctlRequest.iowr(GPIO_MAGIC, 0x0E, LINE_VALUES.byteSize());
    public static final long GPIO_V2_LINE_SET_VALUES_IOCTL = IoctlRequest.iowr(GPIO_MAGIC, 0x0F, LINE_VALUES.byteSize());

    // field accessors used by the shell; offsets come from the layouts, never from literals
    public static final long CHIP_INFO_NAME = offset(CHIP_INFO, "name");
    public static final long CHIP_INFO_LABEL = offset(CHIP_INFO, "label");
    public static final long CHIP_INFO_LINES = offset(CHIP_INFO, "lines");

    public static final long INFO_NAME = offset(LINE_INFO, "name");
    public static final long INFO_CONSUMER = offset(LINE_INFO, "consumer");
    public static final long INFO_OFFSET = offset(LINE_INFO, "offset");
    public static final long INFO_NUM_ATTRS = offset(LINE_INFO, "num_attrs");
    public static final long INFO_FLAGS = offset(LINE_INFO, "flags");
    public static final long INFO_ATTRS = offset(LINE_INFO, "attrs");

    public static final long ATTR_ID = offset(LINE_ATTRIBUTE, "id");
    public static final long ATTR_VALUE = offset(LINE_ATTRIBUTE, "value");

    public static final long CONFIG_FLAGS = offset(LINE_CONFIG, "flags");
    public static final long CONFIG_NUM_ATTRS = offset(LINE_CONFIG, "num_attrs");
    public static final long CONFIG_ATTRS = offset(LINE_CONFIG, "attrs");
    public static final long CONFIG_ATTR_MASK = offset(LINE_CONFIG_ATTRIBUTE, "mask");

    public static final long REQ_OFFSETS = offset(LINE_REQUEST, "offsets");
    public static final long REQ_CONSUMER = offset(LINE_REQUEST, "consumer");
    public static final long REQ_CONFIG = offset(LINE_REQUEST, "config");
    public static final long REQ_NUM_LINES = offset(LINE_REQUEST, "num_lines");
    public static final long REQ_EVENT_BUFFER_SIZE = offset(LINE_REQUEST, "event_buffer_size");
    public static final long REQ_FD = offset(LINE_REQUEST, "fd");

    public static final long VALUES_BITS = offset(LINE_VALUES, "bits");
    public static final long VALUES_MASK = offset(LINE_VALUES, "mask");

    public static final long EVENT_TIMESTAMP = offset(LINE_EVENT, "timestamp_ns");
    public static final long EVENT_ID = offset(LINE_EVENT, "id");
    public static final long EVENT_OFFSET = offset(LINE_EVENT, "offset");
    public static final long EVENT_SEQNO = offset(LINE_EVENT, "seqno");
    public static final long EVENT_LINE_SEQNO = offset(LINE_EVENT, "line_seqno");

    private GpioUapi() {
    }

    static long offset(GroupLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /** A NUL-terminated string in a fixed char array (name, label, consumer). */
    public static String fixedString(MemorySegment s, long offset, int capacity) {
        int n = 0;
        while (n < capacity && s.get(JAVA_BYTE, offset + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, offset, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes {@code text} NUL-terminated into a fixed char array of {@code capacity} bytes. */
    public static void putFixedString(MemorySegment s, long offset, int capacity, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length >= capacity) {
            throw new IllegalArgumentException("'" + text + "' does not fit " + (capacity - 1) + " bytes");
        }
        s.asSlice(offset, capacity).fill((byte) 0);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, offset, b.length);
    }
}

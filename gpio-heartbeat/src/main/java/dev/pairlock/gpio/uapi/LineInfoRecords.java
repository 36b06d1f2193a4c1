package dev.pairlock.gpio.uapi;

import static dev.pairlock.gpio.uapi.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pairlock.hal.gpio.LineInfo;
import java.lang.foreign.MemorySegment;

/** Decodes {@code gpio_v2_line_info} (flags plus the debounce attribute) into a {@link LineInfo}. */
public final class LineInfoRecords {
    private LineInfoRecords() {
    }

    public static LineInfo decode(MemorySegment info) {
        long flags = info.get(JAVA_LONG, INFO_FLAGS);
        int numAttrs = Math.min(info.get(JAVA_INT, INFO_NUM_ATTRS), NUM_ATTRS_MAX);
        long debounceUs = 0;
        boolean outputActive = false;
        for (int i = 0; i < numAttrs; i++) {
            long at = INFO_ATTRS + i * LINE_ATTRIBUTE.byteSize();
            int id = info.get(JAVA_INT, at + ATTR_ID);
            if (id == ATTR_ID_DEBOUNCE) {
                debounceUs = Integer.toUnsignedLong(info.get(JAVA_INT, at + ATTR_VALUE));
            } else if (id == ATTR_ID_OUTPUT_VALUES) {
                outputActive = (info.get(JAVA_LONG, at + ATTR_VALUE) & 1) != 0;
            }
        }
        return new LineInfo(info.get(JAVA_INT, INFO_OFFSET),
                fixedString(info, INFO_NAME, MAX_NAME_SIZE),
                (flags & FLAG_USED) != 0,
                fixedString(info, INFO_CONSUMER, MAX_NAME_SIZE),
                LineFlags.decode(flags, debounceUs, outputActive));
    }
}

package dev.pairlock.gpio.uapi;

import static dev.pairlock.gpio.uapi.GpioUapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineSettings;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LineConfig} as the kernel's {@code gpio_v2_line_config}: the flags shared by the most
 * lines become the default, every other flag set, each distinct debounce period and the output
 * values become attributes masked by the lines' indexes in the request (not their offsets).
 */
public record EncodedLineConfig(long flags, List<Attribute> attributes) {

    /** One {@code gpio_v2_line_config_attribute}. */
    public record Attribute(int id, long value, long mask) {
    }

    public EncodedLineConfig {
        attributes = List.copyOf(attributes);
    }

    public static EncodedLineConfig of(LineConfig config) {
        int[] offsets = config.offsets();
        Map<Long, Long> maskByFlags = new LinkedHashMap<>();
        Map<Long, Long> maskByDebounce = new LinkedHashMap<>();
        long outputMask = 0;
        long outputValues = 0;
        for (int i = 0; i < offsets.length; i++) {
            LineSettings s = config.settings(offsets[i]);
            long bit = 1L << i;
            maskByFlags.merge(LineFlags.encode(s), bit, (a, b) -> a | b);
            long us = LineFlags.debounceMicros(s);
            if (us > 0) {
                maskByDebounce.merge(us, bit, (a, b) -> a | b);
            }
            if (s.direction() == LineSettings.Direction.OUTPUT) {
                outputMask |= bit;
                if (s.outputActive()) {
                    outputValues |= bit;
                }
            }
        }
        long common = maskByFlags.entrySet().stream()
                .max((a, b) -> Integer.compare(Long.bitCount(a.getValue()), Long.bitCount(b.getValue())))
                .orElseThrow().getKey();
        List<Attribute> attrs = new ArrayList<>();
        maskByFlags.forEach((flags, mask) -> {
            if (flags != common) {
                attrs.add(new Attribute(ATTR_ID_FLAGS, flags, mask));
            }
        });
        maskByDebounce.forEach((us, mask) -> attrs.add(new Attribute(ATTR_ID_DEBOUNCE, us, mask)));
        if (outputMask != 0) {
            attrs.add(new Attribute(ATTR_ID_OUTPUT_VALUES, outputValues, outputMask));
        }
        if (attrs.size() > NUM_ATTRS_MAX) {
            throw new HalArgumentException("GPIO line config needs " + attrs.size() + " attributes for its distinct settings,"
                    + " the kernel takes at most " + NUM_ATTRS_MAX + ": split the lines into several requests");
        }
        return new EncodedLineConfig(common, attrs);
    }

    /** Writes this as a {@code gpio_v2_line_config} at {@code base} of {@code s}, zeroing padding. */
    public void writeTo(MemorySegment s, long base) {
        s.asSlice(base, LINE_CONFIG.byteSize()).fill((byte) 0);
        s.set(JAVA_LONG, base + CONFIG_FLAGS, flags);
        s.set(JAVA_INT, base + CONFIG_NUM_ATTRS, attributes.size());
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            long at = base + CONFIG_ATTRS + i * LINE_CONFIG_ATTRIBUTE.byteSize();
            s.set(JAVA_INT, at + ATTR_ID, a.id());
            if (a.id() == ATTR_ID_DEBOUNCE) {
                s.set(JAVA_INT, at + ATTR_VALUE, (int) a.value());
            } else {
                s.set(JAVA_LONG, at + ATTR_VALUE, a.value());
            }
            s.set(JAVA_LONG, at + CONFIG_ATTR_MASK, a.mask());
        }
    }
}

package dev.pairlock.gpio.uapi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.uapi.EncodedLineConfig.Attribute;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineSettings;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedLineConfigTest {
    @Test
    void mostCommonFlagsBecomeTheDefaultAndMasksUseRequestIndexes() {
        LineSettings in = LineSettings.input().withEdge(LineSettings.Edge.BOTH).withDebounce(Duration.ofMillis(2));
        LineConfig cfg = LineConfig.builder().add(LineSettings.output(true), 7).add(in, 3, 5).add(LineSettings.output(false), 1).build();
        EncodedLineConfig e = EncodedLineConfig.of(cfg);
        // request order: 7 (idx0, out 1), 3 (idx1), 5 (idx2), 1 (idx3, out 0); outputs and inputs tie 2:2, first wins
        assertEquals(GpioUapi.FLAG_OUTPUT, e.flags());
        assertEquals(List.of(
                new Attribute(GpioUapi.ATTR_ID_FLAGS, LineFlags.encode(in), 0b0110),
                new Attribute(GpioUapi.ATTR_ID_DEBOUNCE, 2000, 0b0110),
                new Attribute(GpioUapi.ATTR_ID_OUTPUT_VALUES, 0b0001, 0b1001)), e.attributes());
    }

    @Test
    void writesTheStructTheKernelReads() {
        LineConfig cfg = LineConfig.builder().add(LineSettings.input().withDebounce(Duration.ofNanos(300_000)), 0).build();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(GpioUapi.LINE_CONFIG);
            s.fill((byte) 0x5A);
            EncodedLineConfig.of(cfg).writeTo(s, 0);
            assertEquals(GpioUapi.FLAG_INPUT, s.get(JAVA_LONG, 0));
            assertEquals(1, s.get(JAVA_INT, GpioUapi.CONFIG_NUM_ATTRS));
            assertEquals(0, s.get(JAVA_INT, GpioUapi.CONFIG_NUM_ATTRS + 4), "padding must be zero");
            long at = GpioUapi.CONFIG_ATTRS;
            assertEquals(GpioUapi.ATTR_ID_DEBOUNCE, s.get(JAVA_INT, at));
            assertEquals(300, s.get(JAVA_LONG, at + GpioUapi.ATTR_VALUE), "u32 in a zeroed u64 union");
            assertEquals(1, s.get(JAVA_LONG, at + GpioUapi.CONFIG_ATTR_MASK));
            assertEquals(0, s.get(JAVA_LONG, at + GpioUapi.LINE_CONFIG_ATTRIBUTE.byteSize()), "unused attrs zeroed");
        }
    }

    @Test
    void moreDistinctSettingsThanAttributesIsRefusedWithAWayOut() {
        LineConfig.Builder b = LineConfig.builder();
        for (int i = 0; i < 12; i++) {
            b.add(LineSettings.input().withDebounce(Duration.ofNanos((i + 1) * 1000L)), i);
        }
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> EncodedLineConfig.of(b.build()));
        assertTrue(e.getMessage().contains("at most 10"), e.getMessage());
        assertTrue(e.getMessage().contains("split"), e.getMessage());
    }
}

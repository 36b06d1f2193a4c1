package dev.pairlock.gpio.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.LineSettings.Drive;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LineFlagsPropertyTest {

    @Provide
    Arbitrary<LineSettings> anySettings() {
        Arbitrary<Duration> debounce = Arbitraries.oneOf(Arbitraries.just(0L),
                Arbitraries.longs().between(1, 0xFFFF_FFFFL)).map(us -> Duration.ofNanos(us * 1000));
        return Combinators.combine(Arbitraries.of(Direction.class), Arbitraries.of(Edge.class), Arbitraries.of(Bias.class),
                        Arbitraries.of(Drive.class), Arbitraries.of(true, false), debounce, Arbitraries.of(true, false))
                .filter(LineFlagsPropertyTest::constructible)
                .as(LineSettings::new);
    }

    /** What the hal's LineSettings constructor itself accepts. */
    static boolean constructible(Direction d, Edge e, Bias b, Drive dr, boolean al, Duration db, boolean out) {
        return !(e != Edge.NONE && d == Direction.OUTPUT) && !(dr != Drive.PUSH_PULL && d != Direction.OUTPUT);
    }

    static boolean encodable(LineSettings s) {
        boolean asIs = s.direction() == Direction.AS_IS;
        return !(asIs && (s.edge() != Edge.NONE || s.bias() != Bias.AS_IS))
                && (s.debounce().isZero() || s.direction() == Direction.INPUT);
    }

    @Property(tries = 2000)
    void encodableSettingsSurviveTheRoundTrip(@ForAll("anySettings") LineSettings s) {
        if (!encodable(s)) {
            assertThrows(HalArgumentException.class, () -> LineFlags.encode(s));
            return;
        }
        long flags = LineFlags.encode(s);
        LineSettings back = LineFlags.decode(flags, LineFlags.debounceMicros(s), s.outputActive());
        assertEquals(s.withOutput(s.direction() == Direction.OUTPUT && s.outputActive()), back);
    }

    @Property(tries = 2000)
    void encodedFlagsPassTheKernelsValidation(@ForAll("anySettings") LineSettings s) {
        if (!encodable(s)) {
            return;
        }
        long f = LineFlags.encode(s);
        // gpiolib-cdev gpio_v2_line_flags_validate, rule by rule
        long dir = f & (GpioUapi.FLAG_INPUT | GpioUapi.FLAG_OUTPUT);
        long edges = f & (GpioUapi.FLAG_EDGE_RISING | GpioUapi.FLAG_EDGE_FALLING);
        long drive = f & (GpioUapi.FLAG_OPEN_DRAIN | GpioUapi.FLAG_OPEN_SOURCE);
        long bias = f & (GpioUapi.FLAG_BIAS_PULL_UP | GpioUapi.FLAG_BIAS_PULL_DOWN | GpioUapi.FLAG_BIAS_DISABLED);
        assertTrue(Long.bitCount(dir) <= 1, "input and output together");
        assertTrue(edges == 0 || (f & GpioUapi.FLAG_INPUT) != 0, "edges without input");
        assertTrue(Long.bitCount(drive) <= 1, "open drain and open source together");
        assertTrue(drive == 0 || (f & GpioUapi.FLAG_OUTPUT) != 0, "drive without output");
        assertTrue(bias == 0 || dir != 0, "bias without direction");
        assertTrue(Long.bitCount(bias) <= 1, "two biases");
        assertEquals(0, f & ~0x7FEL, "USED or an event-clock flag in a request");
    }

    @Property
    void debounceIsRoundedUpToWholeMicroseconds(@ForAll("subMicro") long nanos) {
        LineSettings s = LineSettings.input().withDebounce(Duration.ofNanos(nanos));
        assertEquals((nanos + 999) / 1000, LineFlags.debounceMicros(s));
        assertTrue(LineFlags.debounceMicros(s) * 1000 >= nanos);
    }

    @Provide
    Arbitrary<Long> subMicro() {
        return Arbitraries.longs().between(0, 10_000_000L);
    }
}

package dev.pairlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private static String refused(Runnable r) {
        return assertThrows(ValueException.class, r::run).getMessage();
    }

    @Test
    void integersReadAsStrtolBaseZero() {
        assertEquals(35, Values.integer("0x23", 0, 255));
        assertEquals(8, Values.integer("010", 0, 255));
        assertEquals(0, Values.integer("0", 0, 255));
        assertEquals(-5, Values.integer("-5", -10, 10));
        assertEquals(1_000_000, Values.integer("1_000_000", 0, Integer.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, Values.integer("-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Values.integer("0x7fffffffffffffff", 0, Long.MAX_VALUE));
    }

    @Test
    void nonAsciiDigitsAreRefusedNotRead() {
        assertTrue(refused(() -> Values.integer("３", 0, 255)).contains("non-ASCII character U+FF13"));
        assertTrue(refused(() -> Values.integer("١٨", 0, 255)).contains("non-ASCII"));
    }

    @Test
    void overflowIsAnErrorNotAWrap() {
        assertTrue(refused(() -> Values.integer("4294967297", 1, 64)).contains("out of range 1..64"));
        assertTrue(refused(() -> Values.integer("9223372036854775808", 0, Long.MAX_VALUE)).contains("too large"));
        assertTrue(refused(() -> Values.integer("0x10000000000000000", 0, Long.MAX_VALUE)).contains("too large"));
        assertTrue(refused(() -> Values.integer("99999999999999999999999", 0, 10)).contains("too large"));
    }

    @Test
    void garbageIsNamedReadably() {
        assertTrue(refused(() -> Values.integer("12x", 0, 255)).startsWith("'12x' is not a number"));
        assertTrue(refused(() -> Values.integer("", 0, 255)).contains("empty"));
        assertTrue(refused(() -> Values.integer("0x", 0, 255)).contains("not a number"));
        assertTrue(refused(() -> Values.integer("1__0", 0, 255)).contains("not a number"));
        String big = "9".repeat(100_000) + "z";
        String m = refused(() -> Values.integer(big, 0, 255));
        assertTrue(m.length() < 200, m);
        assertTrue(m.contains("(100001 characters)"), m);
        assertEquals("'a\\u0007b'", Values.quote("a\u0007b"));
        assertEquals("an empty value", Values.quote(""));
    }

    @Property
    void everyLongRoundTrips(@ForAll long v) {
        assertEquals(v, Values.integer(Long.toString(v), Long.MIN_VALUE, Long.MAX_VALUE));
        if (v >= 0) {
            assertEquals(v, Values.integer("0x" + Long.toHexString(v), 0, Long.MAX_VALUE));
        }
    }

    @Test
    void durationsNeedAUnitUnlessADefaultIsGiven() {
        Duration max = Duration.ofHours(1);
        assertEquals(Duration.ofMillis(500), Values.duration("500ms", null, Duration.ZERO, max));
        assertEquals(Duration.ofMillis(1500), Values.duration("1.5s", null, Duration.ZERO, max));
        assertEquals(Duration.ofMinutes(2), Values.duration("2m", null, Duration.ZERO, max));
        assertEquals(Duration.ofNanos(100_000), Values.duration("100us", null, Duration.ZERO, max));
        assertEquals(Duration.ofMillis(250), Values.duration("250", "ms", Duration.ZERO, max));
        assertTrue(refused(() -> Values.duration("250", null, Duration.ZERO, max)).contains("has no unit"));
        assertTrue(refused(() -> Values.duration("2 fortnights", null, Duration.ZERO, max)).contains("unknown unit"));
        assertTrue(refused(() -> Values.duration("2h", null, Duration.ZERO, max)).contains("out of range 0ns..1h")
                || refused(() -> Values.duration("2h", null, Duration.ZERO, max)).contains("out of range"));
        assertTrue(refused(() -> Values.duration("1.5ns", null, Duration.ZERO, max)).contains("finer than a nanosecond"));
        assertTrue(refused(() -> Values.duration("99999999999h", null, Duration.ZERO, max)).contains("too long"));
        assertTrue(refused(() -> Values.duration("1.2.3s", null, Duration.ZERO, max)).contains("not a duration"));
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertEquals(4096, Values.size("4096", 0, Long.MAX_VALUE));
        assertEquals(64 << 10, Values.size("64KiB", 0, Long.MAX_VALUE));
        assertEquals(1 << 20, Values.size("1 MiB", 0, Long.MAX_VALUE));
        assertEquals(0x1000, Values.size("0x1000", 0, Long.MAX_VALUE));
        assertTrue(refused(() -> Values.size("8EiB", 0, Long.MAX_VALUE)).contains("unknown size unit"));
        assertTrue(refused(() -> Values.size("9999999999999G", 0, Long.MAX_VALUE)).contains("too large"));
    }

    enum Flag { EQUAL, UPGRADE, MAIN_ONLY }

    @Test
    void flagsAndEnums() {
        assertTrue(Values.bool("Yes"));
        assertFalse(Values.bool("off"));
        assertTrue(refused(() -> Values.bool("maybe")).contains("not yes or no"));
        assertEquals(Flag.MAIN_ONLY, Values.oneOf("main-only", Flag.class));
        assertEquals(Flag.UPGRADE, Values.oneOf("UPGRADE", Flag.class));
        assertTrue(refused(() -> Values.oneOf("sideways", Flag.class)).contains("equal, upgrade, main-only"));
    }

    /** A sign on a duration: '+' as on an integer ('+4' is 4), '-' named as such, never "unknown unit '-2s'". */
    @Test
    void aSignedDurationIsReadOrRefusedForWhatItIs() {
        Duration max = Duration.ofHours(1);
        assertEquals(Duration.ofSeconds(2), Values.duration("+2s", null, Duration.ZERO, max));
        assertEquals("'-2s' is negative: a duration is a length of time, e.g. 500ms",
                refused(() -> Values.duration("-2s", null, Duration.ZERO, max)));
    }
}

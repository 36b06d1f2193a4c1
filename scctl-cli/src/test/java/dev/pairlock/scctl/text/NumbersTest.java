package dev.pairlock.scctl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** 64-bit register values: the whole unsigned range, through Values' rules, nothing past it. */
class NumbersTest {
    @Test
    void unsigned64ReadsTheWholeRange() {
        assertEquals(-1L, Numbers.unsigned64("value", "0xFFFFFFFFFFFFFFFF"));
        assertEquals(-1L, Numbers.unsigned64("value", "18446744073709551615"));
        assertEquals(-1L, Numbers.unsigned64("value", "01777777777777777777777"));
        assertEquals(-1L, Numbers.unsigned64("value", "0xFFFF_FFFF_FFFF_FFF_F"));
        assertEquals(-1L, Numbers.unsigned64("value", "+0xffffffffffffffff"));
        assertEquals(Long.MIN_VALUE, Numbers.unsigned64("value", "0x8000000000000000"));
        assertEquals(Long.MAX_VALUE, Numbers.unsigned64("value", "0x7fffffffffffffff"));
        assertEquals(0x10L, Numbers.unsigned64("value", "0x10"));
    }

    @Test
    void unsigned64RefusesWhatIsNotA64BitValue() {
        for (String bad : new String[] {"0x10000000000000000", "18446744073709551616", "99999999999999999999", "-1",
            "0xFFFFFFFFFFFFFFFG", "0xFFFFFFFFFFFFFFF\uFF11", "", "0x"}) {
            UsageException e = assertThrows(UsageException.class, () -> Numbers.unsigned64("value", bad), bad);
            assertTrue(e.getMessage().startsWith("value "), e.getMessage());
        }
    }
}

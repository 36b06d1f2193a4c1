package dev.pairlock.peerlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DropWarningsTest {
    /** 300,000 junk datagrams a second for a minute: six lines per reason, not 18,000. */
    @Test
    void aFloodIsOneLinePerReasonPerInterval() {
        DropWarnings w = new DropWarnings(3);
        int lines = 0;
        long start = 1_000_000_000_000L;
        for (long n = 0; n < 18_000_000; n++) {
            if (w.due(1, start + n * 3_333)) { // one every 3.3 µs
                lines++;
            }
        }
        assertEquals(6, lines);
    }

    @Test
    void eachReasonHasItsFirstLineAndItsOwnInterval() {
        DropWarnings w = new DropWarnings(3);
        assertTrue(w.due(0, 0), "the first of a reason is always told");
        assertTrue(w.due(2, 1), "another reason is not held back by the first");
        assertFalse(w.due(0, DropWarnings.INTERVAL_NANOS - 1));
        assertTrue(w.due(0, DropWarnings.INTERVAL_NANOS));
        assertFalse(w.due(2, DropWarnings.INTERVAL_NANOS));
        assertTrue(w.due(1, Long.MIN_VALUE + 5), "a clock near its minimum still tells the first");
    }
}

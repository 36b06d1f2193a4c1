package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalDetectorTest {
    @Test
    void failsAfterFiveConsecutiveMissesAndRepairsAfterTenGood() {
        SignalDetector d = new SignalDetector();
        d.record(true);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, d.record(false));
        }
        assertFalse(d.failed());
        assertEquals(1, d.record(false));
        assertTrue(d.failed());
        for (int i = 0; i < 9; i++) {
            assertEquals(0, d.record(true));
            assertTrue(d.failed(), "hysteresis: not repaired before 10 good probes");
        }
        assertEquals(-1, d.record(true));
        assertFalse(d.failed());
    }

    @Test
    void aGoodProbeBreaksTheMissRun() {
        SignalDetector d = new SignalDetector();
        for (int i = 0; i < 20; i++) {
            d.record(i % 4 != 0);
        }
        assertFalse(d.failed());
        assertFalse(d.silent());
    }
}

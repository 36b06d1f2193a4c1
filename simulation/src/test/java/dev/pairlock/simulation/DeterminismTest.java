package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DeterminismTest {
    @Property(tries = 60)
    void anySeedReplaysToTheSameTrace(@ForAll long seed) {
        Schedule s = ScheduleGenerator.generate(seed, 1_000_000_000L);
        RunResult a = PairSimulation.run(s);
        RunResult b = PairSimulation.run(ScheduleGenerator.generate(seed, 1_000_000_000L));
        assertEquals(a.traceHash(), b.traceHash());
        assertEquals(a.events(), b.events());
        assertEquals(a.violationCount(), b.violationCount());
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        assertNotEquals(PairSimulation.run(ScheduleGenerator.generate(1, 1_000_000_000L)).traceHash(),
                PairSimulation.run(ScheduleGenerator.generate(2, 1_000_000_000L)).traceHash());
    }
}

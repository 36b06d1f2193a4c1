package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SweepTest {
    @Test
    void tenThousandRandomSchedulesHoldEveryInvariant() {
        Sweep.Summary s = Sweep.run(1, 10_000, 1_000_000_000L, 2, null);
        assertEquals(10_000, s.schedules());
        assertEquals(0, s.violating(), () -> s.failures().stream()
                .map(r -> r.violations().getFirst() + " -> " + r.replayCommand())
                .collect(Collectors.joining("\n")));
        assertTrue(s.failovers() > 500, "the schedules do kill MAINs");
    }

    @Test
    void shortFdtSweepHoldsToo() {
        Sweep.Summary s = Sweep.run(100_000, 1_000, 100_000_000L, 2, null);
        assertEquals(0, s.violating(), () -> s.failures().stream()
                .map(r -> r.violations().getFirst() + " -> " + r.replayCommand())
                .collect(Collectors.joining("\n")));
    }
}

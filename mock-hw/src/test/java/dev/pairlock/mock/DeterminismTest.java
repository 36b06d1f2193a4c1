package dev.pairlock.mock;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DeterminismTest {
    private static final long MS = 1_000_000L;

    private record Run(long hash, long events, long recorded, Set<TraceEvent.Kind> kinds, long ops) {
    }

    private static Run run(long seed, int slots, long virtualMs) {
        ChassisConfig config = ChassisConfig.builder().slots(slots).seed(seed).initialState(InitialState.RUNNING_SC0_LEADS).build();
        Chassis chassis = new Chassis(config, new VirtualTime());
        Exerciser ex = new Exerciser(chassis, MS, 200 * MS).start();
        chassis.time().runUntil(virtualMs * MS);
        Set<TraceEvent.Kind> kinds = EnumSet.noneOf(TraceEvent.Kind.class);
        chassis.trace().events().forEach(e -> kinds.add(e.kind()));
        return new Run(chassis.trace().hash(), chassis.time().eventsRun(), chassis.trace().recorded(), kinds, ex.operations());
    }

    @Test
    void sameSeedSameTraceHash() {
        Run a = run(42, 18, 120_000);
        Run b = run(42, 18, 120_000);
        assertTrue(a.events() > 10_000, "a long enough run: " + a.events());
        assertTrue(a.recorded() > 10_000, "trace events: " + a.recorded());
        assertEquals(a, b);
    }

    @Test
    void differentSeedsDifferentHashes() {
        assertNotEquals(run(1, 18, 20_000).hash(), run(2, 18, 20_000).hash());
    }

    @Test
    void theExerciserReachesEveryFaultAndOutcome() {
        Run r = run(7, 8, 120_000);
        for (TraceEvent.Kind k : TraceEvent.Kind.values()) {
            if (k.name().startsWith("FAULT_")) {
                assertTrue(r.kinds().contains(k), "fault kind never injected: " + k);
            }
        }
        assertTrue(r.kinds().containsAll(EnumSet.of(TraceEvent.Kind.DOMAIN_STOP_VIOLATION, TraceEvent.Kind.DOMAIN_STOP_PHYSICAL,
                TraceEvent.Kind.PHASE_LOCK_LOST, TraceEvent.Kind.PHASE_LOCK_ACQUIRED, TraceEvent.Kind.I2C_TIMEOUT,
                TraceEvent.Kind.RESET_ASSERT, TraceEvent.Kind.DOMAIN_RESTART)), r.kinds().toString());
    }

    @Test
    void a256BoardChassisRunsWithEveryFaultType() {
        Run r = run(11, 256, 10_000);
        assertTrue(r.ops() > 1_000, "operations: " + r.ops());
        assertEquals(r, run(11, 256, 10_000));
    }

    @Test
    void ringTraceKeepsTheFullHash() {
        ChassisConfig base = ChassisConfig.builder().seed(5).initialState(InitialState.RUNNING_SC0_LEADS).build();
        Chassis all = new Chassis(base);
        Chassis ring = new Chassis(base.toBuilder().traceCapacity(100).build());
        new Exerciser(all, MS, 20 * MS).start();
        new Exerciser(ring, MS, 20 * MS).start();
        all.time().runUntil(5_000 * MS);
        ring.time().runUntil(5_000 * MS);
        assertEquals(all.trace().hash(), ring.trace().hash());
        assertEquals(100, ring.trace().events().size());
        assertEquals(all.trace().events().getLast(), ring.trace().events().getLast());
        assertTrue(all.trace().events().size() > 100);
        assertFalse(all.trace().events().getLast().describe().isBlank());
    }
}

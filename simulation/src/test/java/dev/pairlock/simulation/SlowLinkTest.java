package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.DurationRange;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Round 1's liveness bug: with the SC1 -> SC0 reset line only, a peer link whose one-way latency
 * exceeded about FDT/4 made SC0 cycle claim -> silent -> UNKNOWN for good (its claim deadline was
 * shorter than the ack's round trip and it cannot fence), logging DEAD_MAIN_TAKEOVER each cycle
 * though no MAIN ever existed. Now the claim waits for what the link delivers.
 */
class SlowLinkTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "FDT {0} ms, one-way latency {1}..{2} ms")
    @CsvSource({"1000, 300, 300", "1000, 1000, 1000", "1000, 2500, 2500", "1000, 100, 2900",
        "100, 30, 30", "100, 250, 250", "100, 10, 290"})
    void aSimultaneousStartOnASlowLinkElectsSc0WithoutAFenceOrATakeover(long fdtMs, long minMs, long maxMs) {
        long fdt = fdtMs * MS;
        ChassisConfig cc = ChassisConfig.defaults().toBuilder().seed(3).initialState(InitialState.COLD)
                .resetWired(ScId.SC0, false)
                .peerLinkLatency(new DurationRange(Duration.ofMillis(minMs), Duration.ofMillis(maxMs))).build();
        long end = 20 * fdt + 12 * maxMs * MS;
        RunResult r = new PairSimulation(new Schedule("slow-link", 3, cc, fdt, List.of(
                new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1)), 0, end), true).run();
        assertTrue(r.ok(), r.violations()::toString);
        assertEquals(ScId.SC0, r.finalMain(), "the tie goes to SC0");
        assertTrue(r.health().stream().noneMatch(h -> h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER),
                "no MAIN ever existed, so none was taken over");
        assertTrue(r.trace().stream().noneMatch(e -> e.kind() == TraceEvent.Kind.RESET_ASSERT), "no healthy SC reset");
        long mainAt = r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == ScId.SC0
                && e.a() == Role.MAIN.ordinal()).findFirst().orElseThrow().time();
        // SC0 hears SC1 after one latency, and its claim's ack takes a round trip more
        assertTrue(mainAt <= 2 * fdt + 4 * maxMs * MS, () -> "MAIN at " + mainAt / 1e6 + " ms");
    }
}

package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Proof that the checker can fail: the seed's own protocol, in the seed's scenario. */
class NaiveSeedProtocolTest {
    private static RunResult runNaive(long seed) {
        Schedule s = Scenarios.get(Scenarios.SEED).schedule(seed, 1_000_000_000L);
        SoftwareFactory naive = (hw, cfg, scheduler, lanes, listener, busy) ->
                new NaiveSeedSoftware(hw, scheduler, listener, busy, cfg.slots());
        return new PairSimulation(s, true, naive).run();
    }

    @Test
    void theSeedsProtocolBreaksS1AndS2InTheSeedsScenario() {
        List<RunResult> runs = LongStream.rangeClosed(1, 30).mapToObj(NaiveSeedProtocolTest::runNaive).toList();
        assertTrue(runs.stream().allMatch(r -> r.violations().stream().anyMatch(v -> v.property().equals("S1"))),
                "both SCs take MAIN at a simultaneous start, every time");
        RunResult dstop = runs.stream()
                .filter(r -> r.violations().stream().anyMatch(v -> v.property().equals("S2")))
                .findFirst().orElseThrow(() -> new AssertionError("no seed of 30 produced the dstop"));
        assertTrue(dstop.trace().stream().anyMatch(e -> e.kind() == dev.pairlock.mock.TraceEvent.Kind.DOMAIN_STOP_VIOLATION));
        assertTrue(dstop.replayCommand().contains("--seed " + dstop.schedule().seed()));
    }

    @Test
    void pairlockHoldsInTheSameRuns() {
        for (long seed = 1; seed <= 30; seed++) {
            RunResult r = new PairSimulation(Scenarios.get(Scenarios.SEED).schedule(seed, 1_000_000_000L), false).run();
            assertTrue(r.ok(), () -> r.violations().toString());
        }
    }
}

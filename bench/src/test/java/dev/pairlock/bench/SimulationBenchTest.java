package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.simulation.RunResult;
import org.junit.jupiter.api.Test;

/** The throughput benchmark must time real, safe, repeatable runs of distinct schedules. */
class SimulationBenchTest {

    @Test
    void invocationsCycleThroughTheSeedsAndCountEveryEvent() {
        SimulationBench bench = new SimulationBench();
        bench.generate();
        SimulationBench.Events counter = new SimulationBench.Events();
        counter.reset();
        RunResult first = bench.schedule(counter);
        RunResult second = bench.schedule(counter);
        assertEquals(1, first.schedule().seed());
        assertEquals(2, second.schedule().seed());
        assertTrue(first.events() > 0, "a schedule runs events");
        assertEquals(first.events() + second.events(), counter.events);
        assertTrue(first.ok() && second.ok(), () -> "safety violations: " + first.violations() + second.violations());
    }

    @Test
    void aScheduleRunsTheSameWayEveryTime() {
        SimulationBench bench = new SimulationBench();
        bench.generate();
        SimulationBench.Events counter = new SimulationBench.Events();
        long hash = bench.schedule(counter).traceHash();
        for (int i = 1; i < SimulationBench.SEEDS; i++) {
            bench.schedule(counter);
        }
        assertEquals(hash, bench.schedule(counter).traceHash(), "the benchmark repeats seed 1 after a full cycle");
    }
}

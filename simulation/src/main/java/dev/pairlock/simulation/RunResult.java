package dev.pairlock.simulation;

import dev.pairlock.failover.HealthEvent;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.TraceEvent;
import java.util.List;

/**
 * What one schedule did.
 *
 * @param failoverNanos  from the loss of the MAIN (power, reset, stall) to every present board
 *                       running on the new MAIN's clock; -1 if no failover was needed or completed
 * @param takeoverNanos  from the loss of the MAIN to the peer becoming MAIN; -1 likewise
 * @param failoverFromNanos when the MAIN whose failover was measured was lost; -1 likewise
 * @param finalMain      the MAIN at the end, or null
 * @param trace          every trace event when the run kept them, else empty
 */
public record RunResult(Schedule schedule, List<Violation> violations, long violationCount, long failoverNanos,
                        long takeoverNanos, long failoverFromNanos, ScId finalMain, int boardsOnMain, int boardsPresent, long traceHash,
                        long events, List<TraceEvent> trace, List<Health> health) {
    /** A health event with the SC that logged it. */
    public record Health(ScId sc, HealthEvent event) {
    }

    public boolean ok() {
        return violationCount == 0;
    }

    public String replayCommand() {
        String fdt = schedule.fdtNanos() % 1_000_000_000L == 0 ? (schedule.fdtNanos() / 1_000_000_000L) + "s"
                : (schedule.fdtNanos() / 1_000_000L) + "ms";
        return "random".equals(schedule.name())
                ? "./scctl simulate --seed " + schedule.seed() + " --fdt " + fdt
                : "./scctl simulate --scenario " + schedule.name() + " --seed " + schedule.seed() + " --fdt " + fdt;
    }
}

package dev.pairlock.bench;

import dev.pairlock.failover.CoreConfig;
import dev.pairlock.simulation.PairSimulation;
import dev.pairlock.simulation.RunResult;
import dev.pairlock.simulation.Schedule;
import dev.pairlock.simulation.ScheduleGenerator;
import dev.pairlock.simulation.Scenarios;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a build of the simulator does, as text that two builds can be compared by: one line per run
 * (the trace hash, events, verdicts, failover and takeover times, the final MAIN and its boards,
 * and for kept-trace runs a hash of every trace event and health event) and a digest of all lines
 * at the end. A change meant only to make the simulator faster must leave every line as it was:
 * {@code cmp} the output of the old and the new build.
 *
 * <p>Runs: random schedules 1..{@code ring} as the sweep and the benchmark run them (a trace ring
 * of 64), random schedules 1..{@code kept} with every trace event kept at FDT 1 s and 250 ms, and
 * every named scenario with seeds 1-3 at both FDTs.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.pairlock.bench.SimulationDigest 5000 500 2>/dev/null >digest.txt}
 */
public final class SimulationDigest {
    private static final long[] FDTS = {CoreConfig.DEFAULT_FDT_NANOS, 250_000_000L};

    private long digest = 0xcbf29ce484222325L;
    private long events;
    private final PrintStream out;

    SimulationDigest(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SimulationDigest RING_SEEDS KEPT_SEEDS (e.g. 5000 500): "
                    + args.length + " arguments given");
        }
        new SimulationDigest(System.out).run(count(args[0], "RING_SEEDS"), count(args[1], "KEPT_SEEDS"), 3);
    }

    private static long count(String s, String what) {
        try {
            long n = Long.parseLong(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the name of the argument
        }
        throw new IllegalArgumentException(what + " '" + s + "' is not a count of seeds (0 or more)");
    }

    /** Prints every run's line and the digest line (scenarios with seeds 1..{@code scenarioSeeds}); returns the digest. */
    long run(long ring, long kept, int scenarioSeeds) {
        for (long s = 1; s <= ring; s++) {
            line("ring " + s, ScheduleGenerator.generate(s, CoreConfig.DEFAULT_FDT_NANOS), false);
        }
        for (long s = 1; s <= kept; s++) {
            for (long fdt : FDTS) {
                line("kept " + s + " fdt " + fdt, ScheduleGenerator.generate(s, fdt), true);
            }
        }
        for (Map.Entry<String, Scenarios.Scenario> e : Scenarios.all().entrySet()) {
            for (long s = 1; s <= scenarioSeeds; s++) {
                for (long fdt : FDTS) {
                    line("scenario " + e.getKey() + " " + s + " fdt " + fdt, e.getValue().schedule(s, fdt), true);
                }
            }
        }
        out.println("DIGEST " + Long.toHexString(digest) + " events " + events);
        return digest;
    }

    private void line(String tag, Schedule schedule, boolean keep) {
        RunResult r = new PairSimulation(schedule, keep).run();
        String line = tag + " " + Long.toHexString(r.traceHash()) + " " + r.events() + " " + r.violationCount()
                + " " + r.failoverNanos() + " " + r.takeoverNanos() + " " + r.failoverFromNanos() + " " + r.finalMain()
                + " " + r.boardsOnMain() + " " + r.boardsPresent() + " " + r.violations()
                + (keep ? " health " + r.health().toString().hashCode() + " trace " + r.trace().toString().hashCode()
                        + " of " + r.trace().size() : "");
        out.println(line);
        digest = digest * 31 + line.hashCode();
        events += r.events();
    }
}

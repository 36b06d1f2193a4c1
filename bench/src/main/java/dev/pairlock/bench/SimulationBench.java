package dev.pairlock.bench;

import dev.pairlock.failover.CoreConfig;
import dev.pairlock.simulation.PairSimulation;
import dev.pairlock.simulation.RunResult;
import dev.pairlock.simulation.Schedule;
import dev.pairlock.simulation.ScheduleGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the failover logic under simulation: random schedules per second (a cold or
 * running chassis of 18 boards, both SCs' protocol cores and runtimes, faults, the S1-S5 checker
 * after every event), and, as an auxiliary counter, simulation events per second. The schedules
 * are generated once in setup and cycled, so every iteration runs the same mix of seeds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class SimulationBench {
    /** Seeds 1..SEEDS: enough that no one schedule's shape dominates the mean. */
    static final int SEEDS = 64;

    Schedule[] schedules;
    int next;

    /** Virtual-time events the simulations ran, reported by JMH as a rate beside schedules/s. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void generate() {
        schedules = new Schedule[SEEDS];
        for (int i = 0; i < SEEDS; i++) {
            schedules[i] = ScheduleGenerator.generate(i + 1, CoreConfig.DEFAULT_FDT_NANOS);
        }
        next = 0;
    }

    @Benchmark
    public RunResult schedule(Events counter) {
        Schedule s = schedules[next];
        next = next + 1 == SEEDS ? 0 : next + 1;
        RunResult r = PairSimulation.run(s);
        counter.events += r.events();
        return r;
    }

    /**
     * The same on two threads at once, each with its own schedules (the state is per thread): the
     * machine's throughput on 2 cores, which JMH reports as the sum over both threads (issue 15's
     * target: 300,000 schedules/min on 2 cores).
     */
    @Benchmark
    @Threads(2)
    public RunResult scheduleOnTwoThreads(Events counter) {
        return schedule(counter);
    }
}

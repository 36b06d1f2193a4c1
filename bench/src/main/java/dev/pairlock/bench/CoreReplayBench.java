package dev.pairlock.bench;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.ForwardingLogic;
import dev.pairlock.simulation.PairSimulation;
import dev.pairlock.simulation.RunResult;
import dev.pairlock.simulation.RuntimeSoftware;
import dev.pairlock.simulation.Scenarios;
import dev.pairlock.simulation.Schedule;
import dev.pairlock.simulation.ScheduleGenerator;
import dev.pairlock.simulation.SoftwareFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the failover protocol core alone: events per second through
 * {@link ControllerCore#handle}, without the chassis, the runtime's lanes or the checker. Setup runs
 * every named scenario and random seeds 1..{@value #SEEDS} through {@link PairSimulation} with each
 * core wrapped in a {@link Recorder}, which keeps every {@code (event, now)} the core was handed and
 * the commands it produced; one recorded stream per core instance (a rebooted SC gets a new core,
 * so a new stream). The benchmark replays the streams back to back, {@value #BATCH} events per
 * invocation, each stream into a fresh {@code ControllerCore} of the recorded {@link CoreConfig}, one
 * output list cleared per event; the score is events/s and {@code -prof gc}'s B/op is B/event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class CoreReplayBench {
    static final int SEEDS = 16;
    /** Events per invocation (constant, so the score is events/s and B/op is B/event). */
    static final int BATCH = 1024;

    /** What one core instance was handed, in order, and how many commands it answered with. */
    public record Stream(String source, CoreConfig cfg, Event[] events, long[] nows, int[] commandCounts,
                         List<Command> commands) {
        public int size() {
            return events.length;
        }

        public long commandTotal() {
            long n = 0;
            for (int c : commandCounts) {
                n += c;
            }
            return n;
        }
    }

    /** Passes every call to the real core and records it. */
    static final class Recorder extends ForwardingLogic {
        final String source;
        final CoreConfig cfg;
        final List<Event> events = new ArrayList<>();
        final List<Long> nows = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        final List<Command> commands = new ArrayList<>();

        Recorder(String source, CoreConfig cfg) {
            super(new ControllerCore(cfg));
            this.source = source;
            this.cfg = cfg;
        }

        @Override
        public void handle(Event event, long nowNanos, List<Command> out) {
            int from = out.size();
            delegate.handle(event, nowNanos, out);
            events.add(event);
            nows.add(nowNanos);
            counts.add(out.size() - from);
            commands.addAll(out.subList(from, out.size()));
        }

        Stream stream() {
            return new Stream(source, cfg, events.toArray(Event[]::new),
                    nows.stream().mapToLong(Long::longValue).toArray(),
                    counts.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(commands));
        }
    }

    /** Runs one schedule with every core recorded; adds one stream per core instance (empty ones dropped). */
    static RunResult record(Schedule schedule, String source, List<Stream> into) {
        List<Recorder> recorders = new ArrayList<>();
        SoftwareFactory factory = (hw, cfg, scheduler, lanes, listener, busy) ->
                new RuntimeSoftware(new ControllerRuntime(hw, cfg, scheduler, lanes, c -> {
                    Recorder r = new Recorder(source + " " + c.self() + " #" + recorders.size(), c);
                    recorders.add(r);
                    return r;
                }, listener, 3 * cfg.fdtNanos()));
        RunResult result = new PairSimulation(schedule, false, factory).run();
        for (Recorder r : recorders) {
            if (!r.events.isEmpty()) {
                into.add(r.stream());
            }
        }
        return result;
    }

    /** Every named scenario (seed 1) and random seeds 1..SEEDS, FDT 1 s. */
    static List<Stream> recordAll() {
        List<Stream> streams = new ArrayList<>();
        for (Scenarios.Scenario s : Scenarios.all().values()) {
            record(s.schedule(1, CoreConfig.DEFAULT_FDT_NANOS), s.name(), streams);
        }
        for (int seed = 1; seed <= SEEDS; seed++) {
            record(ScheduleGenerator.generate(seed, CoreConfig.DEFAULT_FDT_NANOS), "random " + seed, streams);
        }
        return streams;
    }

    /** Replays one whole stream into a fresh core; returns the commands it produced, in order. */
    static List<Command> replay(Stream s) {
        ControllerCore core = new ControllerCore(s.cfg());
        List<Command> all = new ArrayList<>();
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.clear();
            core.handle(s.events()[i], s.nows()[i], out);
            all.addAll(out);
        }
        return all;
    }

    Stream[] streams;
    long recordedEvents;
    /** The stream being replayed, the next event in it, and the core it is replayed into. */
    int stream;
    int position;
    ControllerCore core;
    final ArrayList<Command> out = new ArrayList<>();

    @Setup(Level.Trial)
    public void recordStreams() {
        streams = recordAll().toArray(Stream[]::new);
        recordedEvents = 0;
        for (Stream s : streams) {
            recordedEvents += s.size();
        }
        stream = 0;
        position = 0;
        core = new ControllerCore(streams[0].cfg());
    }

    /** {@value #BATCH} recorded events through the core; a fresh core at the start of every stream. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long replay() {
        long commands = 0;
        Stream s = streams[stream];
        int p = position;
        ControllerCore c = core;
        ArrayList<Command> o = out;
        for (int n = 0; n < BATCH; n++) {
            if (p == s.events().length) {
                stream = stream + 1 == streams.length ? 0 : stream + 1;
                s = streams[stream];
                p = 0;
                c = new ControllerCore(s.cfg());
            }
            o.clear();
            c.handle(s.events()[p], s.nows()[p], o);
            commands += o.size();
            p++;
        }
        position = p;
        core = c;
        return commands;
    }
}

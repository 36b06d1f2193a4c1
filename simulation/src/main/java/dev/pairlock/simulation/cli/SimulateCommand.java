package dev.pairlock.simulation.cli;

import dev.pairlock.failover.CoreConfig;
import dev.pairlock.simulation.PairSimulation;
import dev.pairlock.simulation.RunResult;
import dev.pairlock.simulation.Schedule;
import dev.pairlock.simulation.ScheduleGenerator;
import dev.pairlock.simulation.Scenarios;
import dev.pairlock.simulation.Sweep;
import dev.pairlock.simulation.Timeline;
import dev.pairlock.simulation.TimelineSvg;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scctl simulate}: run the failover protocol on the simulated chassis and judge it. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs both SCs' failover software on a simulated 18-board chassis in virtual time, checks the "
                    + "safety rules S1-S5 after every event (two MAINs, switching unlocked clocks, writes without "
                    + "authority, claims without a confirmed SPARE, failover out of sync) and liveness at the end.",
            "",
            "With no options it replays the seed's dstop: SMS started on both SCs at once, SC0's I2C buses 0-12 "
                    + "hung, later the MAIN loses power. It prints a timeline and the verdict."},
        footer = {"", "Examples:",
            "  the seed's scenario, timeline and verdict:",
            "    ./scctl simulate",
            "  the named scenarios, then one of them at a shorter FDT, with a picture:",
            "    ./scctl simulate --scenario list",
            "    ./scctl simulate --scenario main-gc-pause --fdt 250ms --timeline run.svg",
            "  replay random schedule 4711 exactly (what a failed sweep prints):",
            "    ./scctl simulate --seed 4711",
            "  sweep a million random schedules on every core:",
            "    ./scctl simulate --schedules 1000000",
            "", "Exit codes: 0 invariants held, 1 a violation (the replay command is printed), 2 bad input."})
public final class SimulateCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m)");

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "a named scenario, or 'list' to list them")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the chassis and of the random schedule "
            + "(without --scenario: replays random schedule N; with --schedules: the first seed; default 1)")
    String seed;

    @Option(names = "--fdt", paramLabel = "DURATION", defaultValue = "1s",
            description = "failure detection time, e.g. 1s, 250ms (minimum 100ms; default ${DEFAULT-VALUE})")
    String fdt;

    @Option(names = "--schedules", paramLabel = "N", description = "sweep N random schedules and summarise")
    String schedules;

    @Option(names = "--threads", paramLabel = "N", description = "sweep threads (default: available processors)")
    String threads;

    @Option(names = "--timeline", paramLabel = "FILE", description = "write a picture of the run (.svg or .html)")
    Path timeline;

    /** A CommandLine for this command whose usage errors are one line on stderr and exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("scctl: simulate: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Bad input: one line on stderr, exit code 2. */
    private static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            long fdtNanos = parseDuration(fdt);
            if ("list".equals(scenario)) {
                Scenarios.all().values().forEach(s -> out.printf("%-28s %s%n", s.name(), s.description()));
                return 0;
            }
            if (scenario != null && Scenarios.get(scenario) == null) {
                throw new BadInput("unknown scenario '" + scenario + "': run --scenario list to see the names");
            }
            if (timeline != null) {
                String n = timeline.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!n.endsWith(".svg") && !n.endsWith(".html")) {
                    throw new BadInput("--timeline " + timeline + ": the file name must end in .svg or .html");
                }
            }
            long seedValue = seed == null ? 1 : parseLong("--seed", seed, Long.MIN_VALUE, Long.MAX_VALUE);
            if (schedules != null) {
                long n = parseLong("--schedules", schedules, 1, MAX_SCHEDULES);
                if (seedValue > Long.MAX_VALUE - (n - 1)) {
                    throw new BadInput("--seed " + seedValue + " with --schedules " + n + " would run past the largest seed "
                            + Long.MAX_VALUE + ": start at most at " + (Long.MAX_VALUE - (n - 1)));
                }
                int t = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors())
                        : (int) parseLong("--threads", threads, 1, MAX_THREADS);
                return sweep(seedValue, n, fdtNanos, t, out, err);
            }
            Schedule s = scenario == null && seed != null ? ScheduleGenerator.generate(seedValue, fdtNanos)
                    : Scenarios.get(scenario == null ? Scenarios.SEED : scenario).schedule(seedValue, fdtNanos);
            RunResult r = new PairSimulation(s, true).run();
            out.println("scenario " + s.name() + ", seed " + s.seed() + ", FDT " + fdt + ", "
                    + s.chassis().slots() + " boards, initial hardware " + s.chassis().initialState());
            Timeline.print(r, out);
            Timeline.verdict(r, out);
            if (timeline != null) {
                Files.writeString(timeline, TimelineSvg.render(r, timeline.toString().toLowerCase(Locale.ROOT).endsWith(".html")));
                out.println("timeline written to " + timeline);
            }
            out.flush();
            return r.ok() ? 0 : 1;
        } catch (BadInput e) {
            err.println("scctl: simulate: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("scctl: simulate: cannot write " + timeline + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private int sweep(long first, long n, long fdtNanos, int threadCount, PrintWriter out, PrintWriter err) {
        Sweep.Summary s = Sweep.run(first, n, fdtNanos, threadCount, done -> {
            synchronized (err) {
                int width = 40;
                int filled = (int) (width * done / n);
                err.printf("\r[%s%s] %d/%d", "#".repeat(filled), " ".repeat(width - filled), done, n);
                err.flush();
            }
        });
        err.println();
        err.flush();
        out.printf("schedules: %d (seeds %d..%d, FDT %s, %d threads)%n", s.schedules(), first, first + n - 1, fdt, threadCount);
        out.printf("violations: %d%n", s.violating());
        out.printf("failovers: %d; failover time p50 %s, p90 %s, p99 %s, max %s%n", s.failovers(), ms(s.p50()),
                ms(s.p90()), ms(s.p99()), ms(s.max()));
        out.printf("schedules per minute: %.0f (wall %.1f s)%n", s.schedulesPerMinute(), s.wallNanos() / 1e9);
        for (RunResult r : s.failures()) {
            out.println("VIOLATION seed " + r.schedule().seed() + ": " + r.violations().getFirst());
            out.println("  replay: " + r.replayCommand());
        }
        out.flush();
        return s.violating() == 0 ? 0 : 1;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format("%.1f ms", nanos / 1e6);
    }

    /** A billion schedules run for days even on many cores: more is a typo, refused up front. */
    static final long MAX_SCHEDULES = 1_000_000_000L;
    /** Sweep threads: more than this only costs memory (each holds a chassis). */
    static final int MAX_THREADS = 1024;

    /** Through pairlock's one number parser: ASCII digits, no overflow, the limit named. */
    private static long parseLong(String option, String text, long min, long max) throws BadInput {
        try {
            return dev.pairlock.config.Values.integer(text, min, max);
        } catch (dev.pairlock.config.ValueException e) {
            throw new BadInput(option + " " + e.getMessage());
        }
    }

    static long parseDuration(String text) throws BadInput {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadInput("--fdt '" + text + "' is not a duration: write e.g. 1s, 250ms, 1.5s");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> 60e9;
        };
        long nanos = Math.round(n * unit);
        if (nanos < CoreConfig.MIN_FDT_NANOS) {
            throw new BadInput("--fdt " + text + " is too short: the minimum failure detection time is 100ms");
        }
        if (nanos > 600_000_000_000L) {
            throw new BadInput("--fdt " + text + " is too long: the maximum is 600s");
        }
        return nanos;
    }
}

package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import dev.pairlock.scctl.text.Numbers;
import dev.pairlock.scctl.text.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl gpio monitor}: libgpiod v2's gpiomon. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        header = "Watch GPIO lines for edges, as gpiomon.",
        description = {"Watch GPIO lines for edges, as gpiomon: one line per edge on stdout, by default",
            "'<seconds.nanoseconds>\\t<rising|falling>\\t<line>' with the kernel's timestamp (virtual time on the",
            "simulator), the line as \"name\" (or 'chip offset' when unnamed or with -c). Edges the kernel's buffer lost",
            "and the closing summary go to stderr. Stops after --num-events edges, after --idle-timeout without one,",
            "or after --timeout; real hardware without any of them watches until interrupted, the simulator needs one",
            "(its time only runs as far as asked). On the simulator both SCs' failover software runs, so hb-in shows",
            "the peer's heartbeat. Exit status 1 if --num-events edges did not arrive in time."},
        footer = {"", "Format specifiers for -F: %o offset, %l line name, %c chip name, %e 1 rising / 2 falling,",
            "%E rising/falling, %S timestamp in seconds, %U timestamp as UTC, %L as local time, %% a percent sign.",
            "", "Examples:", "  scctl gpio monitor --num-events 4 hb-in", "  scctl gpio monitor -e rising --timeout 2s hb-in",
            "  scctl gpio monitor -n 2 -F '%S %E %l' hb-in", "  scctl --json gpio monitor -n 2 -c gpiochip0 1"})
final class GpioMonitor extends Leaf {
    @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "the chip (name, number, label or path); needed for offsets when there are several chips")
    String chip;
    @Option(names = {"-e", "--edges"}, paramLabel = "EDGES", defaultValue = "both", completionCandidates = GpioSupport.EdgeWords.class,
            description = "both (default), rising or falling")
    String edges;
    @Option(names = {"-l", "--active-low"}, description = "treat the lines as active-low (swaps rising and falling)")
    boolean activeLow;
    @Option(names = {"-b", "--bias"}, paramLabel = "BIAS", completionCandidates = GpioSupport.Biases.class,
            description = "as-is, disable, pull-up or pull-down")
    String bias;
    @Option(names = {"-p", "--debounce-period"}, paramLabel = "PERIOD", description = "ignore edges closer together than this, e.g. 1ms or 500us (the kernel counts in us)")
    String debounceText;
    @Option(names = {"-n", "--num-events"}, paramLabel = "N", description = "stop after N edges (1..1000000)")
    String numEventsText;
    @Option(names = "--idle-timeout", paramLabel = "PERIOD", description = "stop when no edge came for this long")
    String idleText;
    @Option(names = "--timeout", paramLabel = "PERIOD", description = "stop after this long in all (scctl's; gpiomon has none)")
    String timeoutText;
    @Option(names = {"-q", "--quiet"}, description = "print nothing (no edges, no summary): the exit status says it")
    boolean quiet;
    @Option(names = {"-F", "--format"}, paramLabel = "FMT", description = "print each edge in this format (specifiers below)")
    String format;
    @Option(names = "--unquoted", description = "print line names without quotes")
    boolean unquoted;
    @Option(names = {"-s", "--strict"}, description = "refuse a line name that more than one line has")
    boolean strict;
    @Option(names = {"-C", "--consumer"}, paramLabel = "NAME", description = "the consumer name others see while the lines are watched (default scctl)")
    String consumer;
    @Parameters(arity = "1..*", paramLabel = "LINE", description = "line names, or offsets with -c")
    List<String> lineIds;

    @Override
    int run(Session s) {
        Integer numEvents = numEventsText == null ? null : Numbers.parse("--num-events", numEventsText, 1, 1_000_000);
        Duration timeout = timeoutText == null ? null : HeartbeatCommand.parse("--timeout", timeoutText);
        Duration idle = idleText == null ? null : HeartbeatCommand.parse("--idle-timeout", idleText);
        if (numEvents == null && timeout == null && idle == null && s.target().name().equals("sim")) {
            throw new UsageException("on the sim backend gpio monitor needs --num-events N, --idle-timeout PERIOD or"
                    + " --timeout PERIOD: virtual time only runs as far as asked");
        }
        if (format != null && s.json()) {
            throw new UsageException("-F/--format and --json both choose the output: give one");
        }
        LineSettings settings = LineSettings.input().withEdge(GpioSupport.edges(edges)).withActiveLow(activeLow)
                .withBias(GpioSupport.bias(bias))
                .withDebounce(debounceText == null ? Duration.ZERO : Numbers.duration("-p/--debounce-period",
                        debounceText, Duration.ofNanos(1_000), LineSettings.MAX_DEBOUNCE));
        if (strict) {
            GpioSupport.requireUnique(s, chip, lineIds);
        }
        List<GpioLines.Line> lines = GpioSupport.lines(s, chip, lineIds);
        GpioChip c = lines.getFirst().chip();
        s.target().failover();
        Recorder rec = new Recorder(c, lines, numEvents == null ? Long.MAX_VALUE : numEvents,
                s.json() || quiet ? null : s, format, chip != null, unquoted);
        long idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
        try (LineRequest r = c.request(RequestConfig.of(GpioSupport.consumer(consumer)), GpioSupport.config(lines, settings))) {
            r.onEdge(rec);
            long[] seen = {0};
            long[] quietSince = {0};
            s.watch(timeout == null ? Duration.ofNanos(Long.MAX_VALUE) : timeout, waited -> {
                long now = rec.count();
                if (now != seen[0]) {
                    seen[0] = now;
                    quietSince[0] = waited;
                }
                return !rec.done() && waited - quietSince[0] < idleNanos;
            });
        }
        synchronized (rec) {
            if (s.stdoutClosed()) {
                return 0; // the reader went away (gpio monitor | head -1): end quietly, as gpiomon on SIGPIPE
            }
            boolean complete = numEvents == null || rec.events.size() >= numEvents;
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("chip", c.name());
            j.put("events", rec.events);
            j.put("missed", rec.missed);
            j.put("timed_out", !rec.done());
            if (s.json()) {
                s.emit(j, "");
            }
            // the summary is text's; under --json the document holds it, but an exit 1 still says why on
            // stderr (only -q, which asks for nothing, leaves it to the exit status)
            if (!quiet && (!s.json() || !complete)) {
                s.err().printf("%d edge(s), %d missed, on %s%s%n", rec.events.size(), rec.missed, c.name(),
                        complete ? "" : " (stopped before " + numEvents + ")");
                s.err().flush();
            }
            return complete ? 0 : 1;
        }
    }

    /**
     * Collects edges on the backend's event thread (the virtual scheduler on the simulator), printing
     * each as it arrives so a person sees edges live; ignores those past the limit.
     */
    private static final class Recorder implements EdgeListener {
        final GpioChip chip;
        final Map<Integer, String> names = new LinkedHashMap<>();
        final long limit;
        final Session live;
        final String format;
        final boolean chipGiven;
        final boolean unquoted;
        final List<Map<String, Object>> events = new ArrayList<>();
        long missed;

        Recorder(GpioChip chip, List<GpioLines.Line> lines, long limit, Session live, String format, boolean chipGiven,
                 boolean unquoted) {
            this.chip = chip;
            lines.forEach(l -> names.put(l.offset(), l.name()));
            this.limit = limit;
            this.live = live;
            this.format = format;
            this.chipGiven = chipGiven;
            this.unquoted = unquoted;
        }

        synchronized boolean done() {
            return events.size() >= limit || live != null && live.stdoutClosed();
        }

        synchronized long count() {
            return events.size() + missed;
        }

        @Override
        public synchronized void onEdge(EdgeEvent e) {
            if (done()) {
                return;
            }
            String name = names.getOrDefault(e.offset(), "");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("timestamp_ns", e.timestampNanos());
            j.put("type", e.type());
            j.put("offset", e.offset());
            j.put("name", name.isEmpty() ? null : name);
            j.put("global_seqno", e.globalSeqno());
            j.put("line_seqno", e.lineSeqno());
            events.add(j);
            if (live != null) {
                live.live((format == null ? human(e, name) : formatted(format, e, name)) + System.lineSeparator());
            }
        }

        /** gpiomon's default: timestamp, edge and line id, tab-separated. */
        private String human(EdgeEvent e, String name) {
            String id = name.isEmpty() ? chip.name() + " " + e.offset()
                    : (chipGiven ? chip.name() + " " + e.offset() + " " : "") + (unquoted ? name : "\"" + name + "\"");
            return seconds(e.timestampNanos()) + "\t" + GpioSupport.lower(e.type()) + "\t" + id;
        }

        private String formatted(String fmt, EdgeEvent e, String name) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fmt.length(); i++) {
                char ch = fmt.charAt(i);
                if (ch != '%' || i + 1 == fmt.length()) {
                    b.append(ch);
                    continue;
                }
                char spec = fmt.charAt(++i);
                switch (spec) {
                    case 'o' -> b.append(e.offset());
                    case 'l' -> b.append(name.isEmpty() ? "unnamed" : name);
                    case 'c' -> b.append(chip.name());
                    case 'e' -> b.append(e.type() == EdgeEvent.Type.RISING ? 1 : 2);
                    case 'E' -> b.append(GpioSupport.lower(e.type()));
                    case 'S' -> b.append(seconds(e.timestampNanos()));
                    case 'U' -> b.append(java.time.Instant.ofEpochSecond(0, e.timestampNanos()).toString().replace("Z", "")
                            + "Z");
                    case 'L' -> b.append(java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(0, e.timestampNanos()),
                            java.time.ZoneId.systemDefault()));
                    case '%' -> b.append('%');
                    default -> b.append('%').append(spec);
                }
            }
            return b.toString();
        }

        private static String seconds(long nanos) {
            return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        }

        @Override
        public synchronized void onMissed(int offset, long count, EdgeEvent next) {
            missed += count;
            if (live != null) {
                live.err().printf("scctl: MISSED %d edge(s) on %s %d before line seqno %d%n", count, chip.name(), offset,
                        next.lineSeqno());
                live.err().flush();
            }
        }
    }
}

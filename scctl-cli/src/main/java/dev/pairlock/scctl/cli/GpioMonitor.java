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

/** {@code scctl gpio monitor}: gpiomon, bounded by an event count or a timeout. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Watch GPIO lines for edges, as gpiomon: each edge with its kernel timestamp (virtual time on the",
            "simulator), type, chip, offset, name and per-line sequence number; edges the kernel's buffer lost are",
            "reported as MISSED. Stops after --num-events edges or after --timeout; the simulator needs one of them",
            "(its time only runs as far as asked), real hardware without either watches until interrupted.",
            "On the simulator both SCs' failover software runs, so hb-in shows the peer's heartbeat.",
            "Exit status 1 if --num-events edges did not arrive within --timeout."},
        footer = {"", "Examples:", "  scctl gpio monitor --num-events 4 hb-in", "  scctl gpio monitor -e rising --timeout 2s hb-in",
            "  scctl --json gpio monitor -n 2 -c gpiochip0 1"})
final class GpioMonitor extends Leaf {
    /** How often the wait checks whether enough edges arrived. */
    private static final Duration STEP = Duration.ofMillis(10);

    @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "the chip (name, number, label or path); needed for offsets when there are several chips")
    String chip;
    @Option(names = {"-e", "--edges"}, paramLabel = "EDGES", defaultValue = "both", description = "both (default), rising or falling")
    String edges;
    @Option(names = {"-l", "--active-low"}, description = "treat the lines as active-low (swaps rising and falling)")
    boolean activeLow;
    @Option(names = {"-b", "--bias"}, paramLabel = "BIAS", description = "as-is, disable, pull-up or pull-down")
    String bias;
    @Option(names = {"-p", "--debounce-period"}, paramLabel = "DURATION", description = "ignore edges closer together than this, e.g. 1ms")
    String debounceText;
    @Option(names = {"-n", "--num-events"}, paramLabel = "N", description = "stop after N edges (1..1000000)")
    String numEventsText;
    Integer numEvents;
    @Option(names = "--timeout", paramLabel = "DURATION", description = "stop after this long, e.g. 500ms, 2s")
    String timeoutText;
    @Parameters(arity = "1..*", paramLabel = "LINE", description = "line names, or offsets with -c")
    List<String> lineIds;

    @Override
    int run(Session s) {
        numEvents = numEventsText == null ? null : Numbers.parse("--num-events", numEventsText, 1, 1_000_000);
        Duration timeout = timeoutText == null ? null : HeartbeatCommand.parse(timeoutText);
        if (numEvents == null && timeout == null && s.target().name().equals("sim")) {
            throw new UsageException("on the sim backend gpio monitor needs --num-events N or --timeout DURATION:"
                    + " virtual time only runs as far as asked");
        }
        LineSettings settings = LineSettings.input().withEdge(GpioSupport.edges(edges)).withActiveLow(activeLow)
                .withBias(GpioSupport.bias(bias))
                .withDebounce(debounceText == null ? Duration.ZERO : HeartbeatCommand.parse(debounceText));
        List<GpioLines.Line> lines = GpioSupport.lines(s, chip, lineIds);
        GpioChip c = lines.getFirst().chip();
        s.target().failover();
        Recorder rec = new Recorder(c, lines, numEvents == null ? Long.MAX_VALUE : numEvents, s.json() ? null : s);
        long waited = 0;
        try (LineRequest r = c.request(RequestConfig.of(GpioSupport.CONSUMER), GpioSupport.config(lines, settings))) {
            r.onEdge(rec);
            long limit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (!rec.done() && waited < limit) {
                long step = Math.min(STEP.toNanos(), limit - waited);
                s.target().await(Duration.ofNanos(step));
                waited += step;
            }
        }
        synchronized (rec) {
            boolean complete = numEvents == null || rec.events.size() >= numEvents;
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("chip", c.name());
            j.put("events", rec.events);
            j.put("missed", rec.missed);
            j.put("timed_out", !rec.done());
            String summary = String.format("%d edge(s), %d missed, on %s%s", rec.events.size(), rec.missed, c.name(),
                    complete ? "" : " (timed out before " + numEvents + ")");
            s.emit(j, summary);
            return complete ? 0 : 1;
        }
    }

    /**
     * Collects edges on the backend's event thread (the virtual scheduler on the simulator), printing
     * each as it arrives in text mode so a person sees edges live; ignores those past the limit.
     */
    private static final class Recorder implements EdgeListener {
        final GpioChip chip;
        final Map<Integer, String> names = new LinkedHashMap<>();
        final long limit;
        final Session live;
        final List<Map<String, Object>> events = new ArrayList<>();
        long missed;

        Recorder(GpioChip chip, List<GpioLines.Line> lines, long limit, Session live) {
            this.chip = chip;
            lines.forEach(l -> names.put(l.offset(), l.name()));
            this.limit = limit;
            this.live = live;
        }

        synchronized boolean done() {
            return events.size() >= limit;
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
                live.out().printf("%d.%09d  %-7s  %s %d%s  seqno %d%n", e.timestampNanos() / 1_000_000_000L,
                        e.timestampNanos() % 1_000_000_000L, GpioSupport.lower(e.type()), chip.name(), e.offset(),
                        name.isEmpty() ? "" : " \"" + name + "\"", e.lineSeqno());
                live.out().flush();
            }
        }

        @Override
        public synchronized void onMissed(int offset, long count, EdgeEvent next) {
            missed += count;
            if (live != null) {
                live.out().printf("MISSED %d edge(s) on %s %d before line seqno %d%n", count, chip.name(), offset, next.lineSeqno());
                live.out().flush();
            }
        }
    }
}

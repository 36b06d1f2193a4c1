package dev.pairlock.scctl.cli;

import dev.pairlock.hal.gpio.LineConfig;
import dev.pairlock.hal.gpio.LineRequest;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.RequestConfig;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.GpioLines;
import dev.pairlock.scctl.text.UsageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scctl gpio set}: libgpiod v2's gpioset. */
@Command(name = "set", mixinStandardHelpOptions = true,
        header = "Drive GPIO lines and hold them, as gpioset.",
        description = {"Drive GPIO lines, as gpioset: the lines are requested as outputs with the values and held, silently,",
            "until scctl is killed (a released line is the driver's to change, so gpioset v2 does not exit either);",
            "-t toggles them after each period (a last period of 0 exits), -i reads commands from stdin, -z detaches",
            "and keeps holding in the background. -p holds at least that long before toggling or exiting.",
            "Values: 1/0, active/inactive, on/off, true/false (logical: active is low with -l).",
            "On the simulator (virtual time, no one else to hold them for) the lines are held for -p and released:",
            "driving hb-out is a heartbeat edge to the peer and peer-reset resets the peer."},
        footer = {"", "Interactive commands (-i): set LINE=VALUE..., get [LINE...], toggle [LINE...], sleep PERIOD, help, exit.",
            "With --json, -i answers each command with one JSON line on stdout, after the set document: {\"command\":C,...},",
            "with the lines' values ({\"offset\",\"name\",\"value\"}) for get, set and toggle, duration_ms for sleep, commands for",
            "help; a bad command is {\"ok\":false,\"command\":C,\"error\":...} (and its line on stderr) and the session goes on.",
            "", "Examples:", "  scctl gpio set -y -c gpiochip1 reset-out=0            # hold until Ctrl-C",
            "  scctl gpio set -y -t 500ms hb-out=1                     # a 1 Hz square wave",
            "  scctl gpio set -y -t 100ms,0 hb-out=1                   # a 100 ms pulse, then exit",
            "  scctl gpio set -y -z -c gpiochip1 reset-out=1           # hold in the background",
            "  scctl gpio set -y -d open-drain -b pull-up reset-out=0",
            "  printf 'set hb-out=0\\nget\\nexit\\n' | scctl --json gpio set -y -i hb-out=1"})
final class GpioSet extends Leaf {
    @Option(names = "-y", description = "do not ask for confirmation")
    boolean yes;
    @Option(names = {"-c", "--chip"}, paramLabel = "CHIP", description = "the chip (name, number, label or path); needed for offsets when there are several chips")
    String chip;
    @Option(names = {"-l", "--active-low"}, description = "treat the lines as active-low")
    boolean activeLow;
    @Option(names = {"-b", "--bias"}, paramLabel = "BIAS", completionCandidates = GpioSupport.Biases.class,
            description = "as-is, disable, pull-up or pull-down")
    String bias;
    @Option(names = {"-d", "--drive"}, paramLabel = "DRIVE", defaultValue = "push-pull", completionCandidates = GpioSupport.Drives.class,
            description = "push-pull (default), open-drain or open-source")
    String drive;
    @Option(names = {"-p", "--hold-period", "--hold"}, paramLabel = "PERIOD", description = "hold the values at least this long, e.g. 100ms")
    String holdText;
    @Option(names = {"-t", "--toggle"}, paramLabel = "PERIOD[,PERIOD...]", description = "toggle the lines after each period, repeating; a last period of 0 exits")
    String toggleText;
    @Option(names = {"-i", "--interactive"}, description = "then read set/get/toggle/sleep/exit commands from stdin (--json: a JSON line per command)")
    boolean interactive;
    @Option(names = {"-z", "--daemonize"}, description = "set the values, then keep holding them in the background and return")
    boolean daemonize;
    @Option(names = {"-s", "--strict"}, description = "refuse a line name that more than one line has")
    boolean strict;
    @Option(names = "--unquoted", description = "print line names without quotes (interactive get)")
    boolean unquoted;
    @Option(names = {"-C", "--consumer"}, paramLabel = "NAME", description = "the consumer name others see while the lines are held (default scctl)")
    String consumer;
    @Parameters(arity = "1..*", paramLabel = "LINE=VALUE", description = "line names (or offsets with -c), each with its value")
    List<String> assignments;

    @Override
    int run(Session s) {
        List<String> ids = new ArrayList<>();
        List<Boolean> values = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.lastIndexOf('=');
            if (eq <= 0 || eq == a.length() - 1) {
                throw new UsageException(dev.pairlock.config.Values.quote(a) + " is not LINE=VALUE, e.g. hb-out=1 or 2=inactive");
            }
            ids.add(a.substring(0, eq));
            values.add(GpioSupport.value(a.substring(0, eq), a.substring(eq + 1)));
        }
        Duration hold = holdText == null ? Duration.ZERO : HeartbeatCommand.parse("-p/--hold-period", holdText);
        List<Duration> toggles = toggles();
        if (interactive && !toggles.isEmpty()) {
            throw new UsageException("-i and -t cannot be combined (as gpioset)");
        }
        boolean sim = s.target().name().equals("sim");
        if (daemonize && sim) {
            throw new UsageException("-z on the sim backend would hold lines of a simulated chassis no other process sees");
        }
        if (strict) {
            GpioSupport.requireUnique(s, chip, ids);
        }
        LineSettings base = LineSettings.output(false).withActiveLow(activeLow).withBias(GpioSupport.bias(bias))
                .withDrive(GpioSupport.drive(drive));
        List<GpioLines.Line> lines = GpioSupport.lines(s, chip, ids);
        LineConfig.Builder config = LineConfig.builder();
        List<String> described = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            config.add(base.withOutput(values.get(i)), lines.get(i).offset());
            described.add(lines.get(i).display() + "=" + (values.get(i) ? "active" : "inactive"));
        }
        String chipName = lines.getFirst().chip().name();
        s.confirm(yes || Daemon.inChild(), "This drives " + chipName + " " + String.join(" ", described)
                + (activeLow ? " (active-low)" : "") + ", which may reset or upset the hardware behind those lines");
        if (daemonize && !Daemon.inChild()) {
            return Daemon.detach(s);
        }
        try (LineRequest r = lines.getFirst().chip().request(RequestConfig.of(GpioSupport.consumer(consumer)), config.build())) {
            if (s.json()) {
                s.emit(json(chipName, lines, values, hold), "");
            }
            Daemon.ready();
            if (!hold.isZero()) {
                s.target().await(hold);
            }
            if (interactive) {
                new GpioInteractive(s, r, lines, unquoted).run();
            } else if (!toggles.isEmpty()) {
                toggle(s, r, lines, toggles);
            } else if (!sim) {
                while (true) {
                    s.target().await(Duration.ofHours(1)); // until killed, as gpioset v2: the kernel releases the lines
                }
            }
        }
        return 0;
    }

    private List<Duration> toggles() {
        List<Duration> out = new ArrayList<>();
        if (toggleText != null) {
            for (String p : toggleText.split(",", -1)) {
                out.add(p.strip().equals("0") ? Duration.ZERO
                        : dev.pairlock.scctl.text.Numbers.duration("-t period", p, Duration.ofMillis(1), Duration.ofHours(24)));
            }
        }
        return out;
    }

    /** gpioset's toggle sequence: after each period the lines flip; a last period of 0 ends it, else it repeats. */
    private static void toggle(Session s, LineRequest r, List<GpioLines.Line> lines, List<Duration> periods) {
        for (int i = 0; ; i = (i + 1) % periods.size()) {
            Duration p = periods.get(i);
            if (p.isZero() && i == periods.size() - 1) {
                return;
            }
            s.target().await(p);
            for (GpioLines.Line l : lines) {
                r.set(l.offset(), !r.get(l.offset()));
            }
        }
    }

    private Map<String, Object> json(String chipName, List<GpioLines.Line> lines, List<Boolean> values, Duration hold) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("offset", lines.get(i).offset());
            j.put("name", lines.get(i).name().isEmpty() ? null : lines.get(i).name());
            j.put("value", values.get(i) ? 1 : 0);
            rows.add(j);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("chip", chipName);
        j.put("active_low", activeLow);
        j.put("drive", GpioSupport.lower(GpioSupport.drive(drive)));
        j.put("hold_ms", hold.toMillis());
        j.put("lines", rows);
        return j;
    }
}

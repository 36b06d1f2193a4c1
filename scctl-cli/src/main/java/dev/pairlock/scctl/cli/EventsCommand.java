package dev.pairlock.scctl.cli;

import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.DaemonClient;
import dev.pairlock.scctl.text.Json;
import dev.pairlock.scctl.text.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scctl events}: the daemon's health events, then (with --follow) the live ones. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"The last health events of this SC's pairlockd (role changes, takeovers, signals, faults, setfailover),",
            "and with --follow each new one as it happens, until interrupted. Needs a running pairlockd (--backend linux)."},
        footer = {"", "Examples:", "  scctl --backend linux --config /etc/pairlock/platform.conf events",
            "  scctl --backend linux --config /etc/pairlock/platform.conf events --follow -n 0",
            "  scctl --backend linux --json events -n 100"})
public final class EventsCommand extends Leaf {
    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "20", description = "how many past events first (default 20)")
    int last;

    @Option(names = "--follow", description = "then print each new event as it happens, until interrupted")
    boolean follow;

    @Override
    int run(Session s) {
        if (!s.options().backend().equals("linux")) {
            throw new UsageException("scctl events talks to pairlockd: use --backend linux (the sim backend's events are in 'scctl failover show')");
        }
        if (last < 0 || last > 10_000) {
            throw new UsageException("-n " + last + " is out of range 0..10000");
        }
        Map<String, Object> args = Map.of("last", (long) last, "follow", follow);
        if (!follow) {
            Map<String, Object> r = DaemonClient.call(s.options(), "events", args);
            List<?> events = r.get("events") instanceof List<?> l ? l : List.of();
            if (s.json()) {
                s.emit(events, "");
            } else {
                StringBuilder b = new StringBuilder();
                events.forEach(e -> b.append(line(e)).append('\n'));
                s.emit(events, b.length() == 0 ? "no events yet\n" : b.toString());
            }
            return 0;
        }
        DaemonClient.follow(s.options(), "events", args, result -> {
            if (result instanceof Map<?, ?> m && m.get("events") instanceof List<?> l) {
                new ArrayList<>(l).forEach(e -> print(s, e));
            }
        }, e -> {
            print(s, e);
            return true;
        });
        return 0;
    }

    private static void print(Session s, Object event) {
        s.out().println(s.json() ? Json.write(event) : line(event));
        s.out().flush();
    }

    /** One event as a line: time, SC, severity, kind, message. */
    static String line(Object o) {
        if (o instanceof Map<?, ?> e) {
            if (e.containsKey("dropped")) {
                return "(" + e.get("dropped") + " events dropped: this client read too slowly)";
            }
            return String.format("%s  %s  %-7s %-28s %s", e.get("time"), e.get("sc"), e.get("severity"), e.get("kind"), e.get("message"));
        }
        return String.valueOf(o);
    }
}

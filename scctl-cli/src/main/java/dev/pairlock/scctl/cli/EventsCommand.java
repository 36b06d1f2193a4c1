package dev.pairlock.scctl.cli;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.control.ControlClient;
import dev.pairlock.control.DaemonUnavailableException;
import dev.pairlock.control.Json;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelCommands;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SelQuery;
import dev.pairlock.hal.ScId;
import dev.pairlock.platform.PlatformFile;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.DaemonClient;
import dev.pairlock.scctl.text.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scctl events}: the SEL of this SC (through pairlockd, or the files when it is down), then
 * (with --follow) the live records; {@code scctl events clear -y} as {@code ipmitool sel clear}.
 */
@Command(name = "events", mixinStandardHelpOptions = true, subcommands = EventsClear.class,
        description = {"The system event log (SEL) of this SC: role changes, failovers, signals, faults, sync, services,",
            "operator actions. Through pairlockd's control socket; with no daemon running, from the SEL files of the",
            "platform file's sel.dir (and the peer's copy beside it, which data sync keeps). --follow prints each new",
            "record as it happens, until interrupted (--backend linux)."},
        footer = {"", "Examples:", "  scctl --backend linux --config /etc/pairlock/platform.conf events",
            "  scctl --backend linux events --since 2h --kind PEER_LOST,FAILOVER",
            "  scctl --backend linux --config /etc/pairlock/platform.conf events --follow -n 0",
            "  scctl --backend linux --json events -n 100",
            "  scctl --backend linux events clear -y"})
public final class EventsCommand extends Leaf {
    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "20", description = "how many past events first (default 20)")
    String lastText;

    @Option(names = "--follow", description = "then print each new event as it happens, until interrupted")
    boolean follow;

    @Option(names = "--since", paramLabel = "T", description = "only records at or after T: a duration back (10m, 2h) or a time"
            + " (2025-03-01T12:00:00Z, or local 2025-03-01 12:00)")
    String since;

    @Option(names = "--kind", paramLabel = "K[,K...]", description = "only records of these kinds (e.g. PEER_LOST,FAILOVER)")
    String kind;

    /** The platform file scctl reads when the daemon is down. */
    static Path config(Session s) {
        return s.options().config() != null ? s.options().config() : Path.of("/etc/pairlock/platform.conf");
    }

    /**
     * The SEL is this SC's, kept by pairlockd on real hardware: on the sim backend (the default, a chassis
     * that lives for one call) there is none to read or clear, and the files or the daemon of this machine
     * must not be touched by a call that did not name them. One short line: what to pass, what the sim has.
     */
    static void requireLinux(Session s, String command) {
        if (!s.options().backend().equals("linux")) {
            throw new UsageException(command + " needs --backend linux: the sim backend (the default) keeps no SEL, only"
                    + " this call's events in memory ('scctl failover show' lists them)");
        }
    }

    /** Whether a pairlockd answers on the control socket. */
    static boolean daemonUp(Session s) {
        return unavailable(s) == null;
    }

    /** Why no pairlockd answers (its one line), or null when one does. */
    static String unavailable(Session s) {
        try (ControlClient c = ControlClient.connect(dev.pairlock.scctl.target.DaemonClient.socket(s.options()))) {
            return null;
        } catch (DaemonUnavailableException e) {
            return e.getMessage();
        }
    }

    /** The SEL files exist in one of {@code dirs}: a log to read without the daemon. */
    static boolean anyLog(List<Path> dirs) {
        for (Path d : dirs) {
            try (var files = Files.list(d)) {
                if (files.anyMatch(f -> f.getFileName().toString().matches("sel-\\d+\\.log"))) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // no such directory: not a log
            }
        }
        return false;
    }

    /** This SC's SEL config, and the directories to read: its own and the peer's copy beside it. */
    static SelConfig selConfig(Session s) {
        Path f = config(s);
        var cfg = PlatformFile.read(f).config();
        return SelConfig.parse(ConfigFile.read(f), cfg.sc(), cfg.stateDir());
    }

    static List<Path> dirs(Session s) {
        Path f = config(s);
        var platform = PlatformFile.read(f).config();
        ScId sc = platform.sc();
        SelConfig cfg = SelConfig.parse(ConfigFile.read(f), sc, platform.stateDir());
        List<Path> out = new ArrayList<>(List.of(cfg.dir()));
        Path peer = cfg.dir().toAbsolutePath().getParent() == null ? null
                : cfg.dir().toAbsolutePath().getParent().resolve(sc.peer().name().toLowerCase(Locale.ROOT));
        if (peer != null && Files.isDirectory(peer) && !peer.equals(cfg.dir().toAbsolutePath())) {
            out.add(peer);
        }
        return out;
    }

    @Override
    int run(Session s) {
        requireLinux(s, "events");
        int last = dev.pairlock.scctl.text.Numbers.parse("-n/--last", lastText, 0, 10_000);
        Instant from;
        Set<EventKind> kinds;
        try {
            from = since == null ? null : SelQuery.parseSince(since, Instant.now(), ZoneId.systemDefault());
            kinds = kind == null ? Set.of() : SelQuery.parseKinds(kind);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String down = unavailable(s);
        if (down != null) {
            if (!Files.isRegularFile(config(s)) || !anyLog(dirs(s))) {
                throw new dev.pairlock.hal.HalException(down); // no daemon and no SEL files here: say so, exit 1
            }
            return fromFiles(s, new SelQuery(from, kinds, last));
        }
        boolean filtered = from != null || !kinds.isEmpty();
        Map<String, Object> args = Map.of("last", (long) (filtered ? 10_000 : last), "follow", follow);
        if (!follow) {
            Map<String, Object> r = DaemonClient.call(s.options(), "events", args);
            List<?> events = r.get("events") instanceof List<?> l ? l : List.of();
            if (filtered) {
                List<Object> keep = new ArrayList<>();
                for (Object e : events) {
                    if (matches(e, from, kinds)) {
                        keep.add(e);
                    }
                }
                events = keep.subList(Math.max(0, keep.size() - last), keep.size());
            }
            if (s.json()) {
                s.emit(events, "");
            } else {
                StringBuilder b = new StringBuilder();
                events.forEach(e -> b.append(line(e)).append('\n'));
                s.emit(events, b.length() == 0 ? "no events yet\n" : b.toString());
            }
            return 0;
        }
        try {
            DaemonClient.follow(s.options(), "events", args, result -> {
                if (result instanceof Map<?, ?> m && m.get("events") instanceof List<?> l) {
                    List<Object> keep = new ArrayList<>();
                    l.stream().filter(e -> matches(e, from, kinds)).forEach(keep::add);
                    for (Object e : keep.subList(Math.max(0, keep.size() - last), keep.size())) {
                        if (!print(s, e)) {
                            throw new StdoutClosed(); // no event may come for hours: do not wait for one to notice
                        }
                    }
                }
            }, e -> {
                boolean shown = matches(e, from, kinds) || e instanceof Map<?, ?> m && m.containsKey("dropped");
                return !shown || print(s, e); // go on unless printing found stdout closed
            });
        } catch (StdoutClosed e) {
            return 0; // the reader went away: end quietly, as gpio monitor does
        }
        return 0;
    }

    private static boolean matches(Object o, Instant from, Set<EventKind> kinds) {
        if (!(o instanceof Map<?, ?> e)) {
            return true;
        }
        if (!kinds.isEmpty() && kinds.stream().noneMatch(k -> k.name().toLowerCase(Locale.ROOT).equals(e.get("kind")))) {
            return false;
        }
        if (from != null && e.get("time") instanceof String t) {
            try {
                return !Instant.parse(t).isBefore(from);
            } catch (java.time.format.DateTimeParseException x) {
                return true;
            }
        }
        return true;
    }

    /** pairlockd is down: the SEL files themselves (this SC's and the peer's copy). */
    private int fromFiles(Session s, SelQuery q) {
        if (!follow && s.json()) {
            // one document, as through the daemon: the records as one array, not a line each
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            int rc = SelCommands.list(dirs(s), q, true, ZoneId.systemDefault(), new PrintStream(lines, true, StandardCharsets.UTF_8),
                    s.errStream());
            String text = lines.toString(StandardCharsets.UTF_8).strip();
            s.emit(Json.parse("[" + String.join(",", text.isEmpty() ? List.of() : List.of(text.split("\n"))) + "]"), "");
            return rc;
        }
        PrintStream out = s.outStream();
        if (!follow) {
            return SelCommands.list(dirs(s), q, false, ZoneId.systemDefault(), out, s.errStream());
        }
        try {
            SelCommands.list(dirs(s), q, s.json(), ZoneId.systemDefault(), out, s.errStream());
            return SelCommands.follow(selConfig(s).dir(), q.withLimit(0), s.json(), ZoneId.systemDefault(), out, s::stdoutClosed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** One event on its own line as it comes; false once stdout is closed (events --follow | head -1). */
    private static boolean print(Session s, Object event) {
        return s.live((s.json() ? Json.write(event) : line(event)) + "\n");
    }

    /** Ends a follow whose reader went away while the first events were printed. */
    private static final class StdoutClosed extends RuntimeException {
        StdoutClosed() {
            super("stdout is closed", null, false, false);
        }
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

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
import java.io.PrintStream;
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
@Command(name = "events", mixinStandardHelpOptions = true, subcommands = EventsCommand.Clear.class,
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
        if (!s.options().backend().equals("linux")) {
            throw new UsageException("scctl events talks to pairlockd: use --backend linux (the sim backend's events are in 'scctl failover show')");
        }
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
        DaemonClient.follow(s.options(), "events", args, result -> {
            if (result instanceof Map<?, ?> m && m.get("events") instanceof List<?> l) {
                List<Object> keep = new ArrayList<>();
                l.stream().filter(e -> matches(e, from, kinds)).forEach(keep::add);
                keep.subList(Math.max(0, keep.size() - last), keep.size()).forEach(e -> print(s, e));
            }
        }, e -> {
            if (matches(e, from, kinds) || e instanceof Map<?, ?> m && m.containsKey("dropped")) {
                print(s, e);
            }
            return true;
        });
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
        PrintStream out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                s.out().write(b);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        if (!follow) {
            int rc = SelCommands.list(dirs(s), q, s.json(), ZoneId.systemDefault(), out, System.err);
            out.flush();
            s.out().flush();
            return rc;
        }
        try {
            SelCommands.list(dirs(s), q, s.json(), ZoneId.systemDefault(), out, System.err);
            return SelCommands.follow(selConfig(s).dir(), q.withLimit(0), s.json(), ZoneId.systemDefault(), out, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** {@code scctl events clear -y}: through pairlockd, or on the files when it is down. */
    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Deletes every record of this SC's SEL (ipmitool sel clear); one SEL_CLEARED record stays,",
                "naming who cleared it and how many records went. Asks for -y. Through pairlockd it needs an",
                "administrator (root, or a member of group pairlock-admin: control.admin_group)."})
    static final class Clear extends Leaf {
        @Option(names = {"-y", "--yes"}, description = "yes, clear the SEL")
        boolean yes;

        @Override
        int run(Session s) {
            if (!yes) {
                throw new UsageException("scctl events clear deletes every record of the SEL: add -y to do it");
            }
            String by = System.getProperty("user.name", "operator") + " (scctl)";
            if (daemonUp(s)) {
                Map<String, Object> r = DaemonClient.call(s.options(), "events.clear", Map.of("by", by));
                s.emit(r, r.get("message") + "\n");
                return 0;
            }
            Path f = config(s);
            ScId sc = PlatformFile.read(f).config().sc();
            PrintStream out = new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    s.out().write(b);
                }
            }, true, java.nio.charset.StandardCharsets.UTF_8);
            int rc = SelCommands.clear(selConfig(s), sc, true, by, dev.pairlock.hal.time.SystemClock.INSTANCE,
                    java.time.InstantSource.system(), out, System.err);
            s.out().flush();
            return rc;
        }
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

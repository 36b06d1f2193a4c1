package dev.pairlock.daemon;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.PairKey;
import dev.pairlock.control.ControlServer;
import dev.pairlock.datasync.SyncConfig;
import dev.pairlock.failover.PersistedState;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.platform.PlatformConfig;
import dev.pairlock.platform.PlatformFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line of pairlockd. */
@Command(name = "pairlockd", mixinStandardHelpOptions = true, version = "pairlockd 0.1.0", sortOptions = false, usageHelpWidth = 110,
        description = {"The pairlock failover daemon of one system controller: runs the failover protocol on this SC's",
            "hardware as the platform file describes it, talks to the peer SC over the authenticated peer link,",
            "serves scctl on the control socket, pets the kernel watchdog, and runs until SIGTERM (then hands",
            "MAIN to the peer by a planned switchover if the peer can take it, else stays leader and says so)."},
        footer = {"", "Exit status: 0 stopped cleanly or --check passed (143 after SIGTERM); 1 could not start (a device,",
            "the socket), or a step of the stop failed (the message names it; the steps after it ran);",
            "2 the platform file, the key file or the state file is wrong (the message names file:line: key).",
            "", "Examples:", "  pairlockd --config /etc/pairlock/platform.conf --check",
            "  pairlockd --config /etc/pairlock/platform.conf --foreground",
            "  pairlockd --config etc/sc0.conf --sim --foreground      # on the simulated chassis, no hardware"})
public final class Pairlockd implements Callable<Integer> {
    static final Path DEFAULT_CONFIG = Path.of("/etc/pairlock/platform.conf");

    @Option(names = "--config", paramLabel = "FILE", description = "the platform file (default ${DEFAULT-VALUE})",
            defaultValue = "/etc/pairlock/platform.conf")
    Path config;

    @Option(names = "--check", description = "validate the platform file, the key file and the state file, print what would be opened, and exit")
    boolean check;

    @Option(names = "--foreground", description = "log to stdout without timestamps (systemd's journal adds them); otherwise to --log-file")
    boolean foreground;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "/var/log/pairlock/pairlockd.log",
            description = "where to log without --foreground (default ${DEFAULT-VALUE})")
    Path logFile;

    @Option(names = "--sim", description = "run this SC on the simulated chassis (mock-hw, on the wall clock) instead of"
            + " the file's devices; the peer link, key, state and control socket are the file's")
    boolean sim;

    @Option(names = "--verbose", description = "debug logging")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Pairlockd());
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            c.getErr().println("pairlockd: " + describe(ex));
            c.getErr().flush();
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("pairlockd: " + ex.getMessage() + " (see 'pairlockd --help')");
            return 2;
        });
        return cl;
    }

    static int exitCode(Throwable t) {
        return t instanceof ConfigException || t instanceof HalArgumentException ? 2 : 1;
    }

    static String describe(Throwable t) {
        if (t instanceof ConfigException || t instanceof HalException || t instanceof HalArgumentException) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Reads the platform file as the daemon does: its own keys, the other owners' sections passed over, nothing unknown. */
    static PlatformConfig read(Path file) {
        return readAll(file).platform();
    }

    /** The platform file's sections the daemon runs: the platform's and data sync's ({@code sync.*}). */
    record Parsed(PlatformConfig platform, SyncConfig sync) {
    }

    static Parsed readAll(Path file) {
        PlatformFile pf = PlatformFile.read(file);
        PlatformConfig cfg = pf.config();
        // sync.* links default to the peer link's remote addresses
        SyncConfig sync = SyncConfig.parse(pf.file(), cfg.primaryLink().map(l -> l.remote().host()),
                cfg.fallbackLink().map(l -> l.remote().host()));
        // sel.*, snmp.*, notify.*, service.*: their modules check them when they run in the daemon
        pf.skipOtherSections();
        pf.requireAllUsed();
        return new Parsed(cfg, sync);
    }

    @Override
    public Integer call() throws Exception {
        configureLogging();
        if (check) {
            return check(spec.commandLine().getOut());
        }
        Parsed parsed = readAll(config);
        PlatformConfig cfg = parsed.platform();
        dev.pairlock.config.ConfigFile file = dev.pairlock.config.ConfigFile.read(config);
        Daemon.Builder b = Daemon.builder(cfg).sync(parsed.sync())
                .systemd(SdNotify.to(System.getenv("NOTIFY_SOCKET")), SdNotify.watchdogNanos(System.getenv("WATCHDOG_USEC")))
                .events(dev.pairlock.events.EventsConfig.parse(file, cfg.sc(), cfg.stateDir()), dev.pairlock.supervision.SupervisionConfig.parse(file));
        if (sim) {
            ChassisConfig chassis = ChassisConfig.builder().slots(cfg.slots())
                    .resetWired(cfg.sc(), cfg.resetWiredToPeer()).resetWired(cfg.sc().peer(), cfg.resetWiredFromPeer()).build();
            b.hardware(new RealTimeChassis(chassis, dev.pairlock.hal.time.SystemClock.INSTANCE).source(cfg.sc()));
        }
        Daemon d = b.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(onSignal(d::stop, spec.commandLine().getErr(), stopped,
                Runtime.getRuntime()::halt), "pairlockd-stop"));
        stopped.await();
        return 0;
    }

    /**
     * The shutdown hook's work (SIGTERM, SIGINT): the clean stop. If a step of it failed, its message
     * (and each later failure's) goes to stderr and the process ends with {@link #exitCode} (1) by
     * {@code halt}: once the JVM shuts down on a signal, its own status is 128 + the signal (143, which
     * the unit counts as success) and {@code System.exit} would wait for this very hook.
     *
     * @param halt {@code Runtime::halt}; tests record the status instead
     */
    static Runnable onSignal(java.util.function.Supplier<String> stop, PrintWriter err, CountDownLatch stopped,
                             java.util.function.IntConsumer halt) {
        return () -> {
            int status = 0;
            try {
                stop.get();
            } catch (RuntimeException e) {
                err.println("pairlockd: " + describe(e));
                for (Throwable later : e.getSuppressed()) {
                    err.println("pairlockd: and " + describe(later));
                }
                err.flush();
                status = exitCode(e);
            } finally {
                stopped.countDown();
            }
            if (status != 0) {
                halt.accept(status);
            }
        };
    }

    /** {@code --check}: everything that can be checked without opening a device, and the list of what would be opened. */
    int check(PrintWriter out) {
        Parsed parsed = readAll(config);
        PlatformConfig cfg = parsed.platform();
        cfg.require(cfg.primaryLink(), "peer.primary.remote", "pairlockd talks to its peer over it");
        PairKey.load(cfg.keyFile());
        FileStateStore store = new FileStateStore(cfg.stateDir());
        store.check();
        Optional<PersistedState> state = store.load();
        for (String line : cfg.describe()) {
            out.println(line);
        }
        // sel.*, snmp.*, notify.*, service.*: parsed and checked as the daemon will (scripts and commands exist)
        dev.pairlock.config.ConfigFile file = dev.pairlock.config.ConfigFile.read(config);
        out.println(dev.pairlock.events.EventsConfig.parse(file, cfg.sc(), cfg.stateDir()).describe());
        var services = dev.pairlock.supervision.SupervisionConfig.parse(file).services();
        out.println("supervised services: " + (services.isEmpty() ? "none" : services.stream()
                .map(s -> s.name() + " (" + s.command() + ", restart_count " + s.restartCount() + (s.failfast() ? ", failfast" : "")
                        + ", " + s.runs().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")").toList()));
        out.println("key file " + cfg.keyFile() + ": a pair key, owner-only (" + mode(cfg.keyFile()) + ")");
        out.println("state file " + store.file() + ": " + state.map(s -> "epoch " + s.epoch() + ", failover "
                + s.setting().describe()).orElse("none yet (failover " + (cfg.failover().enabledByDefault() ? "on" : "off")
                + " from the platform file until an operator changes it)"));
        out.println("control socket " + cfg.controlSocket() + ": mode 0660, group " + ControlServer.DEFAULT_GROUP
                + (groupExists(ControlServer.DEFAULT_GROUP) ? "" : " (no such group here: root only)")
                + "; administrators (failover on|off|force, events clear): root, pairlockd's user, group " + cfg.controlAdminGroup()
                + (groupExists(cfg.controlAdminGroup()) ? "" : " (no such group here: root and pairlockd's user only)"));
        SyncConfig sync = parsed.sync();
        out.println("data sync: " + (!sync.enabled() ? "off (no sync.item)" : sync.items().size() + " item(s) "
                + sync.items().stream().map(i -> i.name() + " (priority " + i.priority() + ", " + i.type().name().toLowerCase()
                        + ")").toList() + ", links " + sync.links() + ", listening on " + sync.listenEndpoints()));
        out.println("hardware: " + (sim ? "the simulated chassis (--sim)" : "the devices above, opened when first used"));
        out.println("pairlockd: " + config + " is valid");
        out.flush();
        return 0;
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static boolean groupExists(String group) {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** slf4j-simple reads these once, when the first logger is made: nothing may log before. */
    private void configureLogging() throws java.io.IOException {
        String target = "System.out";
        if (!foreground && !check) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            target = logFile.toString();
        }
        setDefault("org.slf4j.simpleLogger.logFile", check ? "System.err" : target);
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", Boolean.toString(!foreground));
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

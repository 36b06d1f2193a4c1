package dev.pairlock.scctl;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.cli.BoardCommand;
import dev.pairlock.scctl.cli.ClockCommand;
import dev.pairlock.scctl.cli.CompletionCommand;
import dev.pairlock.scctl.cli.EventsCommand;
import dev.pairlock.scctl.cli.FailoverCommand;
import dev.pairlock.scctl.cli.GpioCommand;
import dev.pairlock.scctl.cli.HeartbeatCommand;
import dev.pairlock.scctl.cli.I2cCommand;
import dev.pairlock.scctl.cli.PeerKeyCommand;
import dev.pairlock.scctl.cli.RegCommand;
import dev.pairlock.scctl.cli.SpllCommand;
import dev.pairlock.config.ConfigException;
import dev.pairlock.scctl.text.UsageException;
import dev.pairlock.simulation.cli.SimulateCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: global options, sub-commands, exit-code policy. */
@Command(name = "scctl", mixinStandardHelpOptions = true, version = "scctl 0.1.0",
        description = {"Hardware bring-up for a pair of redundant system controllers.",
            "Speaks i2c-tools, libgpiod and devmem, knows the platform, and works the same on the",
            "built-in simulated chassis (--backend sim, the default) and real hardware (--backend linux)."},
        subcommands = {I2cCommand.class, RegCommand.class, ClockCommand.class, BoardCommand.class,
            SpllCommand.class, GpioCommand.class, FailoverCommand.class, EventsCommand.class, PeerKeyCommand.class, HeartbeatCommand.class,
            SimulateCommand.class, CompletionCommand.class},
        footer = {"", "Exit status: 0 success, 1 the operation failed on the hardware, 2 bad usage.",
            "", "Examples:", "  scctl simulate", "  scctl board scan", "  scctl --sim-fault hang:3 board scan",
            "  scctl i2c get -y 3 0x23 0x10", "  scctl --backend linux --config /etc/pairlock/platform.conf clock show"})
public final class Scctl {
    @Option(names = "--backend", scope = ScopeType.INHERIT, paramLabel = "sim|linux", defaultValue = "sim",
            description = "sim: the built-in 18-board simulated chassis (default); linux: real devices described by --config")
    String backend;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the platform file for --backend linux (key = value lines; every key is explained in etc/sample.conf)")
    Path config;

    @Option(names = "--sc", scope = ScopeType.INHERIT, paramLabel = "sc0|sc1", defaultValue = "sc0",
            description = "whose view of the hardware to use (default sc0)")
    String sc;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output (fields in scctl-cli/README.md)")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces on errors")
    boolean verbose;

    @Option(names = "--sim-fault", scope = ScopeType.INHERIT, paramLabel = "FAULT",
            description = {"a fault to inject into the simulated chassis (repeatable):",
                "hang:SLOT[,SLOT..]  the bus of those slots hangs (every transaction times out)",
                "empty:SLOT[,SLOT..]  no board in those slots",
                "flaky:SLOT[,SLOT..]  those buses fail one transaction in two",
                "unlock  both SCs follow, so phase lock is lost shortly after start"})
    List<String> simFaults = new ArrayList<>();

    @Option(names = "--sim-seed", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = "1",
            description = "seed of the simulated chassis (default 1)")
    long simSeed;

    private Session session;
    private Supplier<BufferedReader> stdin = () -> new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    public static void main(String[] args) {
        System.exit(newCommandLine(new Scctl()).execute(args));
    }

    /** A command line with scctl's error and exit-code policy; tests pass their own streams via setOut/setErr. */
    public static CommandLine newCommandLine(Scctl root) {
        CommandLine cl = new CommandLine(root);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(pr -> {
            try {
                return new CommandLine.RunLast().execute(pr);
            } finally {
                root.closeSession();
            }
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("scctl: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            PrintWriter err = c.getErr();
            err.println("scctl: " + describe(ex));
            if (root.verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return exitCode(ex);
        });
        return cl;
    }

    /** Tests answer confirmation prompts through this. */
    public Scctl withStdin(Supplier<BufferedReader> in) {
        this.stdin = in;
        return this;
    }

    static int exitCode(Throwable t) {
        return switch (t) {
            case UsageException u -> 2;
            case ConfigException c -> 2;
            case HalArgumentException a -> 2;
            case HalException h -> 1;
            default -> 1;
        };
    }

    static String describe(Throwable t) {
        if (t instanceof UsageException || t instanceof ConfigException || t instanceof HalException
                || t instanceof HalArgumentException) {
            return t.getMessage();
        }
        return "internal error: " + t + " (run with --verbose for the stack trace and report it)";
    }

    /** The session of this invocation, opened on first use by a command. */
    public Session session(CommandLine anyCommand) {
        if (session == null) {
            CommandLine top = anyCommand;
            while (top.getParent() != null) {
                top = top.getParent();
            }
            ScId who;
            try {
                who = ScId.parse(sc);
            } catch (HalArgumentException e) {
                throw new UsageException("--sc " + e.getMessage());
            }
            session = new Session(new TargetOptions(backend, config, simFaults, simSeed), who, json,
                    top.getOut(), top.getErr(), stdin);
        }
        return session;
    }

    void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}

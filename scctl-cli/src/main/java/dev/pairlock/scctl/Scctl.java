package dev.pairlock.scctl;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.cli.BoardCommand;
import dev.pairlock.scctl.cli.ClockCommand;
import dev.pairlock.scctl.cli.CompletionCommand;
import dev.pairlock.scctl.cli.DatasyncCommand;
import dev.pairlock.scctl.cli.EventsCommand;
import dev.pairlock.scctl.cli.FailoverCommand;
import dev.pairlock.scctl.cli.GpioCommand;
import dev.pairlock.scctl.cli.HeartbeatCommand;
import dev.pairlock.scctl.cli.I2cCommand;
import dev.pairlock.scctl.cli.PeerKeyCommand;
import dev.pairlock.scctl.cli.RegCommand;
import dev.pairlock.scctl.cli.SpllCommand;
import dev.pairlock.scctl.text.UsageException;
import dev.pairlock.simulation.cli.SimulateCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: global options, sub-commands, exit-code policy. */
@Command(name = "scctl", mixinStandardHelpOptions = true, versionProvider = Scctl.Version.class,
        description = {"Hardware bring-up for a pair of redundant system controllers.",
            "Speaks i2c-tools, libgpiod and devmem, knows the platform, and works the same on the",
            "built-in simulated chassis (--backend sim, the default) and real hardware (--backend linux)."},
        footer = {"", "Exit status: 0 success (or a write declined at the prompt, as i2cset), 1 the operation failed on the",
            "hardware, 2 bad usage or a bad platform file.",
            "", "Examples:", "  scctl simulate", "  scctl board scan", "  scctl --sim-fault hang:3 board scan",
            "  scctl i2c get -y 3 0x23 0x10", "  scctl --backend linux --config /etc/pairlock/platform.conf clock show"})
public final class Scctl {
    /**
     * The command groups, in the order {@code --help} lists them. Only the group a call names is
     * built (picocli reflects over every command it is given, which is most of a call's start-up);
     * {@code --help}, completion and unknown words get all of them.
     */
    static final List<Class<?>> COMMANDS = List.of(I2cCommand.class, RegCommand.class, ClockCommand.class,
            BoardCommand.class, SpllCommand.class, GpioCommand.class, FailoverCommand.class, EventsCommand.class,
            DatasyncCommand.class, PeerKeyCommand.class, HeartbeatCommand.class, SimulateCommand.class, CompletionCommand.class);

    /** Global options that take a value (the next word), for finding the command word without parsing. */
    private static final Set<String> VALUED_GLOBALS = Set.of("--backend", "--config", "--sc", "--sim-fault", "--sim-seed");
    /** What the global options are called in one line of each sub-command's help. */
    private static final String GLOBALS_NOTE = "Global options (--backend, --config, --sc, --json, --verbose, --sim-fault,"
            + " --sim-seed) go anywhere on the line: see 'scctl --help'.";

    @Option(names = "--backend", scope = ScopeType.INHERIT, paramLabel = "sim|linux", defaultValue = "sim",
            completionCandidates = Backends.class,
            description = "sim: the built-in 18-board simulated chassis (default); linux: real devices described by --config")
    String backend;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the platform file for --backend linux (key = value lines; every key is explained in etc/sample.conf)")
    Path config;

    @Option(names = "--sc", scope = ScopeType.INHERIT, paramLabel = "sc0|sc1", defaultValue = "sc0",
            completionCandidates = Scs.class, description = "whose view of the hardware to use (default sc0)")
    String sc;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output: one JSON document on stdout"
            + " whatever the outcome, {\"ok\":false,...} for a declined write or an error (fields in scctl-cli/README.md)")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces on errors")
    boolean verbose;

    @Option(names = "--sim-fault", scope = ScopeType.INHERIT, paramLabel = "FAULT", completionCandidates = SimFaults.class,
            description = {"a fault to inject into the simulated chassis (repeatable):",
                "hang:SLOT[,SLOT..]  the bus of those slots hangs (every transaction times out)",
                "empty:SLOT[,SLOT..]  no board in those slots",
                "nack:SLOT[,SLOT..]  the boards in those slots do not acknowledge",
                "flaky:SLOT[,SLOT..]  those buses fail one transaction in two",
                "unlock  both SCs follow, so phase lock is lost shortly after start",
                "reset:SC  that SC (sc0 or sc1) is held in reset for 1 h of virtual time: its Gchip ignores writes, REF_SEL reads follower"})
    List<String> simFaults = new ArrayList<>();

    @Option(names = "--sim-seed", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "seed of the simulated chassis (default 1)")
    String simSeed;

    private Session session;
    /** The last session put JSON on stdout: a failure after it adds no second document. */
    private boolean documentWritten;
    /** Whether a person can answer a prompt (events clear asks only then); tests set it. */
    private BooleanSupplier interactive = () -> {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    };
    /**
     * One reader over stdin for the whole call: a BufferedReader reads ahead, so a second one (the
     * prompt's, then gpio set -i's) would find the first had swallowed the piped lines after "y".
     */
    private BufferedReader systemIn;
    private Supplier<BufferedReader> stdin = () -> {
        if (systemIn == null) {
            systemIn = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return systemIn;
    };

    public static void main(String[] args) {
        CommandLine cl = newCommandLine(new Scctl(), args);
        // picocli's default writer wraps System.out, a PrintStream that swallows EPIPE, so a command
        // printing into a closed pipe (gpio monitor | head -1) could never tell: write to fd 1 directly
        cl.setOut(new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), System.out.charset())), true));
        int code = cl.execute(args);
        cl.getOut().flush();
        System.out.flush();
        System.err.flush();
        // Runtime.halt, not System.exit: since JDK 21 exit() starts the System.Logger machinery to log
        // the call (logger java.lang.Runtime), a fifth of a warm call's start-up budget; scctl has no
        // shutdown hooks to run, and every command closed its session and flushed its output above
        Runtime.getRuntime().halt(code);
    }

    /** Every command: for help, completion, man pages and tests of the whole tree. */
    public static CommandLine newCommandLine(Scctl root) {
        return configure(root, COMMANDS);
    }

    /** Only what {@code args} can reach: the named command group, or every group if none is named. */
    public static CommandLine newCommandLine(Scctl root, String... args) {
        String word = commandWord(args);
        if ("completion".equals(word)) {
            return configure(root, COMMANDS); // its script covers the whole tree
        }
        for (Class<?> c : COMMANDS) {
            if (c.getAnnotation(Command.class).name().equals(word)) {
                return configure(root, List.of(c));
            }
        }
        return configure(root, COMMANDS);
    }

    /** The first word that is not a global option or its value. */
    static String commandWord(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            }
            if (a.startsWith("-")) {
                if (VALUED_GLOBALS.contains(a)) {
                    i++;
                }
                continue;
            }
            return a;
        }
        return null;
    }

    private static CommandLine configure(Scctl root, List<Class<?>> groups) {
        CommandLine cl = new CommandLine(root);
        for (Class<?> g : groups) {
            cl.addSubcommand(g.getAnnotation(Command.class).name(), new CommandLine(instantiate(g)));
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            showGlobalsOnce(sub);
        }
        // descriptions are written in lines of up to ~110 columns: wrapping them at 80 would cut them mid-line
        cl.setUsageHelpWidth(120);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(pr -> {
            root.documentWritten = false;
            try {
                root.refuseIgnoredFlags(pr);
                return new CommandLine.RunLast().execute(pr);
            } catch (UsageException e) {
                return Outcomes.report(e, cl.getOut(), cl.getErr(), root.json, false, root.verbose);
            } finally {
                root.closeSession();
            }
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            return Outcomes.usage(readable(ex.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')",
                    args, cl.getOut(), c.getErr());
        });
        // picocli calls this after the strategy above returned: the session is closed, what it wrote is remembered
        cl.setExecutionExceptionHandler((ex, c, pr) ->
                Outcomes.report(ex, cl.getOut(), c.getErr(), root.json, root.documentWritten, root.verbose));
        return cl;
    }

    private static Object instantiate(Class<?> c) {
        try {
            var ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create command " + c.getName(), e);
        }
    }

    /**
     * The global options are inherited by every sub-command (so they work anywhere on the line) but
     * listed only in {@code scctl --help}; each sub-command's help says so in one line.
     */
    private static void showGlobalsOnce(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.versionProvider(new Version()); // -V on every command prints scctl's version
        if (spec.usageMessage().header().length == 0 && spec.usageMessage().description().length > 0) {
            // a group list shows a command's first line: make it a whole sentence, never a cut one
            String all = String.join(" ", spec.usageMessage().description()).strip();
            int end = all.indexOf(". ");
            spec.usageMessage().header(end < 0 ? all : all.substring(0, end + 1));
        }
        for (OptionSpec o : List.copyOf(spec.options())) {
            if (o.inherited() && !o.usageHelp() && !o.versionHelp()) {
                spec.remove(o);
                spec.addOption(o.toBuilder().hidden(true).scopeType(ScopeType.LOCAL).build());
            }
        }
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.add("");
        footer.add(GLOBALS_NOTE);
        spec.usageMessage().footer(footer.toArray(String[]::new));
        for (CommandLine sub : cl.getSubcommands().values()) {
            showGlobalsOnce(sub);
        }
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /** picocli echoes the words it rejects: each one at most 40 characters, control characters escaped. */
    static String readable(String message) {
        Matcher m = QUOTED.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(Values.quote(m.group(1))));
        }
        m.appendTail(sb);
        String s = sb.toString();
        return s.length() > 400 ? s.substring(0, 400) + "... (" + s.length() + " characters)" : s;
    }

    /** Tests answer confirmation prompts through this. */
    public Scctl withStdin(Supplier<BufferedReader> in) {
        this.stdin = in;
        return this;
    }

    /** Tests say whether a person is at a terminal (default: the JVM's console is one). */
    public Scctl withInteractive(BooleanSupplier isInteractive) {
        this.interactive = isInteractive;
        return this;
    }

    /**
     * A global option the chosen command cannot honour is an error, never silently dropped:
     * {@code scctl --json simulate} would otherwise print text to a script expecting JSON.
     */
    private void refuseIgnoredFlags(CommandLine.ParseResult pr) {
        CommandLine.ParseResult leaf = pr;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        String name = leaf.commandSpec().qualifiedName();
        boolean simulate = name.startsWith("scctl simulate");
        boolean completion = name.startsWith("scctl completion");
        if (!simulate && !completion) {
            return;
        }
        List<String> ignored = new ArrayList<>();
        if (json) {
            ignored.add("--json");
        }
        if (!backend.equals("sim") || config != null) {
            ignored.add(config != null ? "--config" : "--backend");
        }
        if (!simFaults.isEmpty()) {
            ignored.add("--sim-fault");
        }
        if (simSeed != null) {
            ignored.add(simulate ? "--sim-seed (use simulate --seed)" : "--sim-seed");
        }
        if (!ignored.isEmpty()) {
            throw new UsageException("'" + name.substring("scctl ".length()) + "' does not take " + String.join(", ", ignored)
                    + (simulate ? ": it runs its own simulated chassis and prints text" : ": it prints a shell script"));
        }
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
            long seed;
            try {
                seed = simSeed == null ? 1 : Values.integer(simSeed, Long.MIN_VALUE, Long.MAX_VALUE);
            } catch (ValueException e) {
                throw new UsageException("--sim-seed " + e.getMessage());
            }
            session = new Session(new TargetOptions(backend, config, simFaults, seed), who, json,
                    top.getOut(), top.getErr(), stdin, interactive);
        }
        return session;
    }

    void closeSession() {
        if (session != null) {
            documentWritten = session.documentWritten();
            session.close();
            session = null;
        }
    }

    /** {@code -V} on every command prints this. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Scctl.class.getPackage().getImplementationVersion();
            return new String[] {"scctl (pairlock) " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }

    static final class Backends extends ArrayList<String> {
        Backends() {
            super(List.of("sim", "linux"));
        }
    }

    static final class Scs extends ArrayList<String> {
        Scs() {
            super(List.of("sc0", "sc1"));
        }
    }

    static final class SimFaults extends ArrayList<String> {
        SimFaults() {
            super(List.of("hang:", "empty:", "nack:", "flaky:", "unlock", "reset:sc0", "reset:sc1"));
        }
    }
}

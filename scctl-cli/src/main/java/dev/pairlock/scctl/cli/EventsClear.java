package dev.pairlock.scctl.cli;

import dev.pairlock.config.ConfigException;
import dev.pairlock.events.SelCommands;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SelException;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.platform.PlatformFile;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.DaemonClient;
import dev.pairlock.scctl.text.Refused;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scctl events clear} ({@code ipmitool sel clear}): through pairlockd, or on the files when it
 * is down. Without -y it asks a person at a terminal and refuses anywhere else: a script that wants
 * the SEL gone says so with -y, and a piped "y" is not a person agreeing to lose the log.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Deletes every record of this SC's SEL (ipmitool sel clear); one SEL_CLEARED record stays,",
            "naming who cleared it and how many records went. Without -y it asks 'clear N events ...? [y/N]' when",
            "stdin is a terminal and clears only on y or yes; with no terminal to ask on it refuses (exit 2).",
            "Through pairlockd it needs an administrator (root, or a member of group pairlock-admin:",
            "control.admin_group). On the sim backend (the default) there is no SEL: it is refused (exit 2)."},
        footer = {"", "Examples:", "  scctl --backend linux --config /etc/pairlock/platform.conf events clear",
            "  scctl --backend linux --config /etc/pairlock/platform.conf events clear -y"})
final class EventsClear extends Leaf {
    @Option(names = {"-y", "--yes"}, description = "yes, clear the SEL without asking")
    boolean yes;

    @Override
    int run(Session s) {
        EventsCommand.requireLinux(s, "events clear"); // before the daemon or the files are looked at
        String by = System.getProperty("user.name", "operator") + " (scctl)";
        boolean daemon = EventsCommand.daemonUp(s);
        if (!yes) {
            String what = "clear " + count(s);
            if (!s.interactive()) {
                throw Refused.byScctl(what + " without asking", "stdin is not a terminal (pass -y to clear the SEL"
                        + " from a script)", 2);
            }
            s.ask("scctl: " + what + "? [y/N] ", what, "nothing cleared", "pass -y to clear without asking");
        }
        if (daemon) {
            Map<String, Object> r = DaemonClient.call(s.options(), "events.clear", Map.of("by", by));
            s.emit(r, r.get("message") + "\n");
            return 0;
        }
        ScId sc = PlatformFile.read(EventsCommand.config(s)).config().sc();
        SelConfig cfg = EventsCommand.selConfig(s);
        long n;
        try {
            n = SelCommands.clearFiles(cfg, sc, by, SystemClock.INSTANCE, InstantSource.system());
        } catch (SelException e) {
            throw new HalException(e.getMessage()); // held by a pairlockd scctl cannot reach, unwritable: exit 1
        } catch (CompletionException e) {
            throw new HalException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
        // the daemon's answer, so a script reads the same fields either way
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("cleared", n);
        j.put("message", "cleared " + n + " records from the SEL of " + sc + " in " + cfg.dir() + " (pairlockd is not running)");
        s.emit(j, j.get("message") + "\n");
        return 0;
    }

    /**
     * What the prompt names: this SC's records in its own SEL directory (the peer's copy beside it is
     * not cleared), read from the files whether or not pairlockd runs; "every event" when this user
     * cannot read them.
     */
    private static String count(Session s) {
        try {
            SelConfig cfg = EventsCommand.selConfig(s);
            int n = SelReader.of(cfg.dir()).read(SelQuery.all()).records().size();
            return n + (n == 1 ? " event" : " events") + " from the SEL in " + cfg.dir();
        } catch (ConfigException | SelException e) {
            return "every event from this SC's SEL (" + e.getMessage() + ")";
        }
    }
}

package dev.pairlock.scctl.cli;

import dev.pairlock.hal.HalException;
import dev.pairlock.scctl.Session;
import dev.pairlock.scctl.target.DaemonClient;
import dev.pairlock.scctl.target.FailoverControl;
import dev.pairlock.scctl.target.FailoverEvent;
import dev.pairlock.scctl.text.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scctl failover}: the seed's showfailover and setfailover. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"The failover daemon: role, peer state, sync state and recent events; turn automatic failover",
            "on or off, or force a planned switchover. On --backend linux these talk to this SC's pairlockd over its",
            "control socket (control.socket of --config); 'on' and 'off' act on the pair: the setting is sent to the",
            "peer, acknowledged and persisted on both SCs. After an automatic failover the mechanism is DISABLED until",
            "'failover on' (SMS's rule against ping-pong; failover.disable_after_failover = no keeps it on).",
            "'on', 'off' and 'force' need an administrator of pairlockd (root, or a member of group pairlock-admin:",
            "control.admin_group); 'show' is open to group pairlock. On --backend sim both SCs' runtimes run",
            "in-process on virtual time (started and settled first)."},
        subcommands = {FailoverCommand.Show.class, FailoverCommand.On.class, FailoverCommand.Off.class, FailoverCommand.Force.class})
public final class FailoverCommand {
    private FailoverCommand() {
    }

    /** On real hardware the failover runtime is pairlockd's: scctl asks it over the control socket. */
    static boolean daemon(Session s) {
        return s.options().backend().equals("linux");
    }

    static int daemonShow(Session s) {
        Map<String, Object> r = DaemonClient.call(s.options(), "failover.show", Map.of());
        s.emit(r, DaemonFailoverView.render(r));
        return 0;
    }

    static int daemonSet(Session s, String mode) {
        Map<String, Object> r = DaemonClient.call(s.options(), "failover.set", Map.of("mode", mode));
        s.emit(r, String.valueOf(r.get("message")));
        return 0;
    }

    static FailoverControl control(Session s) {
        return s.target().failover().orElseThrow(() -> new HalException("no failover daemon to talk to on the "
                + s.target().name() + " backend yet: run 'scctl failover' against --backend sim"));
    }

    static int show(Session s, String prefix) {
        FailoverControl f = control(s);
        Map<String, Object> st = f.show(s.sc());
        List<FailoverEvent> events = f.recentEvents(s.sc(), 8);
        Table t = new Table("FIELD", "VALUE");
        st.forEach((k, v) -> t.row(k, v));
        StringBuilder sb = new StringBuilder(prefix).append(t.render()).append("last events:\n");
        events.forEach(e -> sb.append("  ").append(e.line()).append('\n'));
        Map<String, Object> j = new LinkedHashMap<>(st);
        j.put("last_events", events.stream().map(FailoverEvent::toJson).toList());
        s.emit(j, sb.toString());
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "showfailover: this SC's failover state.",
            footer = {"", "Examples:", "  scctl failover show", "  scctl --sc sc1 --json failover show"})
    static final class Show extends Leaf {
        @Override
        int run(Session s) {
            return daemon(s) ? daemonShow(s) : show(s, "");
        }
    }

    @Command(name = "on", mixinStandardHelpOptions = true, description = "setfailover on: allow automatic takeover of a dead MAIN (pair-wide).",
            footer = {"", "Examples:", "  scctl failover on"})
    static final class On extends Leaf {
        @Override
        int run(Session s) {
            if (daemon(s)) {
                return daemonSet(s, "on");
            }
            control(s).setAutomatic(s.sc(), true);
            return show(s, "");
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "setfailover off: no automatic takeover, even of a dead MAIN (pair-wide, persistent).",
            footer = {"", "Examples:", "  scctl failover off"})
    static final class Off extends Leaf {
        @Override
        int run(Session s) {
            if (daemon(s)) {
                return daemonSet(s, "off");
            }
            control(s).setAutomatic(s.sc(), false);
            return show(s, "");
        }
    }

    @Command(name = "force", mixinStandardHelpOptions = true,
            description = "setfailover force: planned switchover of MAIN authority to the peer (refused unless in sync).",
            footer = {"", "Examples:", "  scctl failover force -y"})
    static final class Force extends Leaf {
        @Option(names = "-y", description = "do not ask for confirmation")
        boolean yes;

        @Override
        int run(Session s) {
            if (daemon(s)) {
                s.confirm(yes, "This hands MAIN authority from this SC to its peer");
                return daemonSet(s, "force");
            }
            FailoverControl f = control(s);
            s.confirm(yes, "This hands MAIN authority from " + s.sc() + " to " + s.sc().peer());
            f.force(s.sc());
            return show(s, "");
        }
    }
}

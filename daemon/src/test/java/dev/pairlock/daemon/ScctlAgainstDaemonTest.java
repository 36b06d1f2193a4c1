package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.AccessPolicy;
import dev.pairlock.control.Json;
import dev.pairlock.events.EventsConfig;
import dev.pairlock.events.NotifyConfig;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SnmpConfig;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.Scctl;
import dev.pairlock.supervision.SupervisionConfig;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** scctl's failover and events commands against two running daemons, through their control sockets. */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScctlAgainstDaemonTest {
    @TempDir
    Path dir;

    record Out(int code, String out, String err) {
    }

    private static Out scctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Scctl.newCommandLine(new Scctl().withStdin(() -> new BufferedReader(new StringReader(""))));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Out(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void failoverShowOffOnForceAndEvents() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            String conf = dir.resolve(main.name().toLowerCase() + ".conf").toString();

            Out show = scctl("--backend", "linux", "--config", conf, "failover", "show");
            assertEquals(0, show.code(), show::toString);
            assertTrue(show.out().startsWith(main + " failover state: "), show.out());
            assertTrue(show.out().contains("role           MAIN"), show.out());
            assertTrue(show.out().contains("primary      GOOD"), show.out());

            Out json = scctl("--backend", "linux", "--config", conf, "--json", "failover", "show");
            Map<?, ?> j = (Map<?, ?>) Json.parse(json.out().strip());
            assertEquals("MAIN", j.get("role"));
            assertEquals("primary", j.get("traffic_link"));

            Out off = scctl("--backend", "linux", "--config", conf, "failover", "off");
            assertEquals(0, off.code(), off::toString);
            assertTrue(off.out().contains("acknowledged by " + main.peer()), off::toString);
            Out on = scctl("--backend", "linux", "--config", conf, "failover", "on");
            assertTrue(on.out().contains("failover on for the pair"), on::toString);

            Out events = scctl("--backend", "linux", "--config", conf, "events", "-n", "50");
            assertEquals(0, events.code(), events::toString);
            assertTrue(events.out().contains("failover_mode"), events.out());

            Out noYes = scctl("--backend", "linux", "--config", conf, "failover", "force");
            // force asks first; no stdin means no, and a no is exit 0 as i2cset's "Aborting on user request."
            assertEquals(0, noYes.code(), noYes::toString);
            assertTrue(noYes.err().contains("nothing written"), noYes::toString);
            assertEquals("MAIN", pair.role(main), "a declined force changes nothing");
            pair.daemons[0].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            pair.daemons[1].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            Out force = scctl("--backend", "linux", "--config", conf, "failover", "force", "-y");
            assertEquals(0, force.code(), force::toString);
            assertTrue(force.out().startsWith("switchover done: " + main.peer() + " is MAIN"), force.out());
            assertEquals("SPARE", pair.role(main));
        }
    }

    /** A made-up user or group for the credentials the test plays (it runs as root). */
    record Name(String getName) implements UserPrincipal, GroupPrincipal {
    }

    /**
     * An operator (bob, in group pairlock only) may look at the pair but not change it nor clear the SEL:
     * scctl prints the daemon's refusal and exits 1, and nothing changed. help says which need an administrator.
     */
    @Test
    void anOperatorMayLookButNotChangeThePairNorClearTheSel() throws Exception {
        UserPrincipal root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("root");
        AccessPolicy operator = AccessPolicy.of("pairlock-admin", root, ch -> new UnixDomainPrincipal(new Name("bob"), new Name("pairlock")),
                new AccessPolicy.GroupDatabase() {
                    @Override
                    public boolean exists(String group) {
                        return true;
                    }

                    @Override
                    public Set<String> groupsOf(String user) {
                        return Set.of("bob", "pairlock");
                    }
                });
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.customize = (sc, b) -> b.controlAccess(operator).events(new EventsConfig(SelConfig.in(dir.resolve("sel-" + sc)),
                    SnmpConfig.none(sc), NotifyConfig.none()), new SupervisionConfig(List.of()));
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            String conf = dir.resolve(main.name().toLowerCase() + ".conf").toString();

            Out show = scctl("--backend", "linux", "--config", conf, "failover", "show");
            assertEquals(0, show.code(), show::toString);
            Out off = scctl("--backend", "linux", "--config", conf, "failover", "off");
            assertEquals(1, off.code(), off::toString);
            assertEquals("", off.out());
            String what = " and user bob is not one: add bob to group pairlock-admin (usermod -aG pairlock-admin bob) or run it as root\n";
            assertTrue(off.err().startsWith("scctl: failover.set needs an administrator (root") && off.err().endsWith(what), off.err());
            @SuppressWarnings("unchecked")
            Map<String, Object> setting = (Map<String, Object>) pair.ask(main, "failover.show", Map.of()).get("setting");
            assertEquals("on", setting.get("failover"), "the refused off changed nothing");

            Out clear = scctl("--backend", "linux", "--config", conf, "events", "clear", "-y");
            assertEquals(1, clear.code(), clear::toString);
            assertTrue(clear.err().startsWith("scctl: events.clear needs an administrator (root") && clear.err().endsWith(what), clear.err());

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ops = (List<Map<String, Object>>) pair.ask(main, "help", Map.of()).get("operations");
            Map<Object, Object> access = new TreeMap<>();
            ops.forEach(o -> access.put(o.get("op"), o.get("access")));
            assertEquals(Map.of("datasync.status", "read", "events", "read", "events.clear", "admin", "failover.set", "admin",
                    "failover.show", "read", "help", "read"), access);
        }
    }
}

package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.Json;
import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.Scctl;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
            assertTrue(off.out().contains("acknowledged by " + main.peer()), off.out());
            Out on = scctl("--backend", "linux", "--config", conf, "failover", "on");
            assertTrue(on.out().contains("failover on for the pair"), on.out());

            Out events = scctl("--backend", "linux", "--config", conf, "events", "-n", "50");
            assertEquals(0, events.code(), events::toString);
            assertTrue(events.out().contains("failover_mode"), events.out());

            Out noYes = scctl("--backend", "linux", "--config", conf, "failover", "force");
            assertEquals(2, noYes.code(), "force asks first; no stdin means no");
            pair.daemons[0].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            pair.daemons[1].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            Out force = scctl("--backend", "linux", "--config", conf, "failover", "force", "-y");
            assertEquals(0, force.code(), force::toString);
            assertTrue(force.out().startsWith("switchover done: " + main.peer() + " is MAIN"), force.out());
            assertEquals("SPARE", pair.role(main));
        }
    }
}

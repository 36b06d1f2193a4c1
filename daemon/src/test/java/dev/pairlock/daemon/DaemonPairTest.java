package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.control.ControlClient;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons, real threads, real UDP, real control sockets and state files: the pair settles,
 * {@code setfailover} is pair-wide, acknowledged and persistent across a restart, a peer that was
 * down learns it on reconnect, failover off holds when the MAIN dies, and a clean stop hands MAIN
 * over by the planned switchover.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonPairTest {
    @TempDir
    Path dir;

    @Test
    void setfailoverIsPairWideAcknowledgedAndSurvivesARestart() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            ScId spare = main.peer();
            Map<String, Object> show = pair.ask(main, "failover.show", Map.of());
            assertEquals("primary", show.get("traffic_link"), show::toString);

            Map<String, Object> off = pair.ask(main, "failover.set", Map.of("mode", "off"));
            assertEquals(true, off.get("acknowledged"), off::toString);
            assertEquals("failover off for the pair (generation " + off.get("generation") + "): acknowledged by " + spare,
                    off.get("message"));
            Map<?, ?> atSpare = (Map<?, ?>) pair.ask(spare, "failover.show", Map.of()).get("setting");
            assertEquals("off", atSpare.get("failover"), atSpare::toString);
            assertEquals(off.get("generation"), atSpare.get("generation"), "the same setting on both SCs");
            assertEquals("DISABLED", pair.ask(spare, "failover.show", Map.of()).get("state"));
            String stateFile = Files.readString(pair.stateDir(spare).resolve(FileStateStore.FILE_NAME));
            assertTrue(stateFile.contains("failover = off"), stateFile);

            // the SPARE restarts: it reads its state file before it hears anything
            pair.daemons[spare.index()].stop();
            pair.start(spare);
            DaemonPair.await("settled again", pair::settled);
            Map<?, ?> again = (Map<?, ?>) pair.ask(spare, "failover.show", Map.of()).get("setting");
            assertEquals("off", again.get("failover"));
            assertEquals(off.get("generation"), again.get("generation"));

            // changed while the peer is down: it learns on reconnect
            pair.daemons[spare.index()].stop();
            Map<String, Object> on = pair.ask(main, "failover.set", Map.of("mode", "on"));
            assertEquals(false, on.get("acknowledged"), on::toString);
            assertTrue(((String) on.get("message")).endsWith(spare + " did not acknowledge; it will learn on reconnect"),
                    on::toString);
            pair.start(spare);
            DaemonPair.await("the restarted SC learns failover on", () -> {
                Map<?, ?> s = (Map<?, ?>) pair.ask(spare, "failover.show", Map.of()).get("setting");
                return "on".equals(s.get("failover")) && on.get("generation").equals(s.get("generation"));
            });
        }
    }

    @Test
    void withFailoverOffTheSpareDoesNotTakeOverADeadMain() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            ScId spare = main.peer();
            assertEquals(true, pair.ask(main, "failover.set", Map.of("mode", "off")).get("acknowledged"));
            pair.chassis.at(() -> {
                pair.chassis.chassis().inject(new Fault.PowerOff(main));
                return null;
            });
            pair.daemons[main.index()].crash();
            DaemonPair.await("the SPARE logs that failover is off", () -> events(pair, spare).stream()
                    .anyMatch(e -> "failover_disabled_peer_dead".equals(e.get("kind"))));
            assertEquals("SPARE", pair.role(spare), "no takeover while failover is off");
        }
    }

    @Test
    void aCleanStopOfTheMainHandsItOverByThePlannedSwitchover() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            // priority-1 data counts as in sync only when the sync engine says so; the planned path needs it
            pair.daemons[main.index()].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            pair.daemons[main.peer().index()].loop().post(new dev.pairlock.failover.Event.SyncStatus(true));
            String verdict = pair.daemons[main.index()].stop();
            assertTrue(verdict.startsWith("handed MAIN to " + main.peer()), verdict);
            assertEquals("MAIN", pair.role(main.peer()));
        }
    }

    @Test
    void eventsAreListedAndFollowed() throws Exception {
        try (DaemonPair pair = new DaemonPair(dir)) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            assertTrue(events(pair, main).stream().anyMatch(e -> "role_change".equals(e.get("kind"))));
            List<Object> followed = new CopyOnWriteArrayList<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try (ControlClient c = ControlClient.connect(pair.socket(main))) {
                    c.follow("events", Map.of("last", 0L, "follow", true), r -> followed.add(r), e -> {
                        followed.add(e);
                        return !(e instanceof Map<?, ?> m && "failover_mode".equals(m.get("kind")));
                    });
                }
            });
            DaemonPair.await("the follower subscribed", () -> !followed.isEmpty());
            pair.ask(main, "failover.set", Map.of("mode", "off"));
            t.join(60_000);
            assertTrue(followed.stream().anyMatch(e -> e instanceof Map<?, ?> m && "failover_mode".equals(m.get("kind"))),
                    followed::toString);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(DaemonPair pair, ScId sc) {
        Map<String, Object> r = pair.ask(sc, "events", Map.of("last", 200L));
        return new ArrayList<>((List<Map<String, Object>>) r.get("events"));
    }
}

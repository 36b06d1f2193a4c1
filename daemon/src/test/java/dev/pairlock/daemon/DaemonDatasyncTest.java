package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.PairKey;
import dev.pairlock.control.ControlException;
import dev.pairlock.datasync.DatasyncEngine;
import dev.pairlock.datasync.Endpoint;
import dev.pairlock.datasync.SyncConfig;
import dev.pairlock.datasync.SyncItem;
import dev.pairlock.datasync.SyncLink;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sync in pairlockd: two daemons over the simulated chassis, each with its own directory tree
 * standing for its disk. The engine follows the controller's role and epoch, its priority-1 status
 * is the protocol's S5 gate, and {@code datasync.status} / {@code failover.show} report it.
 */
@Timeout(300)
class DaemonDatasyncTest {
    private static final SecretKey SYNC_KEY;

    static {
        byte[] k = new byte[PairKey.BYTES];
        Arrays.fill(k, (byte) 0x3a);
        SYNC_KEY = PairKey.of(k).derive(DatasyncEngine.KEY_PURPOSE);
    }

    @TempDir
    Path dir;

    /** Both daemons sync item "users" (priority 1) of their own tree; {@code spareExclude}: SC1's copy has another filter. */
    private DaemonPair pair(List<String> sc1Exclude) throws IOException {
        ServerSocket[] sockets = {new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
            new ServerSocket(0, 50, InetAddress.getLoopbackAddress())};
        DaemonPair pair = new DaemonPair(dir);
        pair.customize = (sc, b) -> {
            SyncItem users = SyncItem.immediate("users", Path.of("/users"), 1).withRetries(3, Duration.ofSeconds(1))
                    .withFilter(List.of(), sc == ScId.SC1 ? sc1Exclude : List.of());
            SyncConfig cfg = new SyncConfig(true, sockets[sc.index()].getLocalPort(), List.of(new SyncLink(SyncLink.Name.PRIMARY,
                    new Endpoint("127.0.0.1", sockets[sc.peer().index()].getLocalPort()), Optional.empty())),
                    Duration.ofSeconds(3), Duration.ofSeconds(1), 0, List.of(users)).under(root(sc)); // each SC's own "disk"
            return b.sync(cfg).syncForTests(SYNC_KEY, List.of(sockets[sc.index()]));
        };
        return pair;
    }

    /** Both daemons started on empty "users" directories, one MAIN and one SPARE. */
    private DaemonPair settledPair() throws IOException {
        Files.createDirectories(root(ScId.SC0).resolve("users"));
        Files.createDirectories(root(ScId.SC1).resolve("users"));
        DaemonPair pair = pair(List.of());
        try {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            return pair;
        } catch (IOException | RuntimeException | Error e) {
            pair.close();
            throw e;
        }
    }

    private Path root(ScId sc) {
        return dir.resolve("disk-" + sc.name().toLowerCase());
    }

    private static Map<?, ?> priority1(DaemonPair pair, ScId sc) {
        List<?> ps = (List<?>) pair.ask(sc, "datasync.status", Map.of()).get("priorities");
        return (Map<?, ?>) ps.getFirst();
    }

    @Test
    void aChangeOnTheMainAppearsOnTheSpareAndAfterASwitchoverSyncRunsTheOtherWay() throws Exception {
        try (DaemonPair pair = settledPair()) {
            ScId main = pair.main();
            ScId spare = main.peer();
            Files.writeString(root(main).resolve("users/passwd"), "root:x:0:0\n");
            DaemonPair.await("the MAIN's change is on the SPARE",
                    () -> Files.exists(root(spare).resolve("users/passwd")));
            assertEquals("root:x:0:0\n", Files.readString(root(spare).resolve("users/passwd")));
            DaemonPair.await("priority 1 in sync on both", () -> "in-sync".equals(priority1(pair, main).get("state"))
                    && "in-sync".equals(priority1(pair, spare).get("state")));
            Map<String, Object> st = pair.ask(spare, "datasync.status", Map.of());
            assertEquals("SPARE", st.get("role"));
            assertEquals(true, st.get("priority1_in_sync"));
            Map<String, Object> show = pair.ask(main, "failover.show", Map.of());
            assertEquals("in sync", show.get("priority1_sync"));
            assertTrue(show.get("datasync") instanceof Map<?, ?> ds && "MAIN".equals(ds.get("role")), show::toString);

            // planned switchover (allowed: priority 1 is in sync); the new MAIN's changes flow back
            Map<String, Object> forced = pair.ask(main, "failover.set", Map.of("mode", "force"));
            assertEquals(true, forced.get("switched"), forced::toString);
            DaemonPair.await("roles swapped", () -> pair.settled() && pair.main() == spare);
            Files.writeString(root(spare).resolve("users/passwd"), "root:x:0:0\nops:x:1000:1000\n");
            DaemonPair.await("the new MAIN's change is on the old MAIN", () -> "root:x:0:0\nops:x:1000:1000\n"
                    .equals(read(root(main).resolve("users/passwd"))));
        }
    }

    @Test
    void aPlannedSwitchoverIsRefusedWhilePriorityOneIsOutOfSyncButADeadMainIsStillReplaced() throws Exception {
        Files.createDirectories(root(ScId.SC0).resolve("users"));
        Files.createDirectories(root(ScId.SC1).resolve("users"));
        Files.writeString(root(ScId.SC0).resolve("users/passwd"), "sc0");
        Files.writeString(root(ScId.SC1).resolve("users/passwd"), "sc1");
        // SC1's copy of the item excludes *.bak, SC0's does not: SC1 refuses SC0's passes, and SC0's refuses SC1's
        try (DaemonPair pair = pair(List.of("*.bak"))) {
            pair.startBoth();
            DaemonPair.await("one MAIN, one SPARE", pair::settled);
            ScId main = pair.main();
            ScId spare = main.peer();
            DaemonPair.await("the SPARE knows priority 1 is not in sync",
                    () -> Boolean.FALSE.equals(pair.ask(spare, "datasync.status", Map.of()).get("priority1_in_sync"))
                            && "NOT in sync".equals(pair.ask(main, "failover.show", Map.of()).get("priority1_sync")));
            ControlException refused = assertThrows(ControlException.class,
                    () -> pair.ask(main, "failover.set", Map.of("mode", "force")));
            assertTrue(refused.getMessage().contains("priority-1 data not in sync"), refused.getMessage());
            assertEquals("MAIN", pair.role(main));

            // the MAIN dies: S5 lets a dead MAIN be replaced, and the takeover is logged as not in sync
            pair.chassis.at(() -> {
                pair.chassis.chassis().inject(new Fault.PowerOff(main));
                return null;
            });
            pair.daemons[main.index()].crash();
            DaemonPair.await("the SPARE takes over", () -> "MAIN".equals(pair.role(spare)));
            List<?> events = (List<?>) pair.ask(spare, "events", Map.of("last", 100L)).get("events");
            assertTrue(events.stream().anyMatch(e -> "takeover_while_not_in_sync".equals(((Map<?, ?>) e).get("kind"))),
                    events::toString);
        }
    }

    /**
     * The receiving side's gate learns a role change in the control-loop task that made it, not a
     * poll (FDT/4) later: in that window the new MAIN would still take files from the old one. A
     * probe on each daemon's control loop, every millisecond through a planned switchover, compares
     * the runtime's role with the role the engine enforces.
     */
    @Test
    void dataSyncEnforcesEachRoleChangeFromTheTaskThatMadeIt() throws Exception {
        try (DaemonPair pair = settledPair()) {
            ScId main = pair.main();
            ScId spare = main.peer();
            DaemonPair.await("priority 1 in sync on both", () -> "in-sync".equals(priority1(pair, main).get("state"))
                    && "in-sync".equals(priority1(pair, spare).get("state")));
            java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.ConcurrentLinkedQueue<String> mismatches = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicLong[] changesSeen = {new java.util.concurrent.atomic.AtomicLong(),
                new java.util.concurrent.atomic.AtomicLong()};
            for (ScId sc : ScId.values()) {
                Daemon d = pair.daemons[sc.index()];
                d.onControlLoop(new Runnable() {
                    private dev.pairlock.datasync.SyncRole last;

                    @Override
                    public void run() {
                        if (!probing.get()) {
                            return;
                        }
                        dev.pairlock.failover.ControllerRuntime rt = d.loop().runtime();
                        dev.pairlock.datasync.SyncRole expected = !rt.running() ? dev.pairlock.datasync.SyncRole.NONE
                                : switch (rt.role()) {
                                    case MAIN -> dev.pairlock.datasync.SyncRole.MAIN;
                                    case SPARE -> dev.pairlock.datasync.SyncRole.SPARE;
                                    default -> dev.pairlock.datasync.SyncRole.NONE;
                                };
                        dev.pairlock.datasync.SyncRole enforced = d.datasyncEngine().role();
                        if (expected != enforced) {
                            mismatches.add(sc + ": runtime " + rt.role() + " but data sync enforces " + enforced);
                        }
                        if (last != null && expected != last) {
                            changesSeen[sc.index()].incrementAndGet();
                        }
                        last = expected;
                        d.loop().scheduler().schedule(1_000_000L, this);
                    }
                });
            }
            Map<String, Object> forced = pair.ask(main, "failover.set", Map.of("mode", "force"));
            assertEquals(true, forced.get("switched"), forced::toString);
            DaemonPair.await("roles swapped", () -> pair.settled() && pair.main() == spare);
            DaemonPair.pause(DaemonPair.FDT_MILLIS);
            probing.set(false);
            // the probe saw each SC's role move (else it could not have caught a late gate)
            assertTrue(changesSeen[0].get() >= 1 && changesSeen[1].get() >= 1,
                    "role changes seen by the probe: SC0 " + changesSeen[0] + ", SC1 " + changesSeen[1]);
            assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " probes saw the gate behind the runtime, first: "
                    + mismatches.peek());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }
}

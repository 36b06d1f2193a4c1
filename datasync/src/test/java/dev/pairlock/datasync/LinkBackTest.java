package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link back after a SPARE's long restart, when the session that shows it is one a probe of the
 * primary opened (the MAIN had moved to the fallback, which every refused connect of the restart
 * does): the items that waited for the link are due at once there too, as after a job's new session
 * (SyncPlanner.linkUp), not at the end of a no-link backoff grown to their retry interval.
 */
@Timeout(120)
class LinkBackTest {
    @TempDir
    Path tmp;

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSessionAProbeOpenedEndsTheBackoffOfEveryItemThatWaitedForTheLink() throws Exception {
        int dead = deadPort();
        Relay[] relays = new Relay[2]; // SC0 -> SC1: [0] primary, [1] fallback; both lead nowhere at first
        Pair.Options o = new Pair.Options();
        o.probeInterval = Duration.ofMillis(300);
        o.links = peer -> {
            if (peer.sc != ScId.SC1) {
                return List.of(new SyncLink(SyncLink.Name.PRIMARY, new Endpoint("127.0.0.1", peer.port()), Optional.empty()));
            }
            try {
                relays[0] = new Relay(dead);
                relays[1] = new Relay(dead);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(new SyncLink(SyncLink.Name.PRIMARY, new Endpoint("127.0.0.1", relays[0].port()), Optional.empty()),
                    new SyncLink(SyncLink.Name.FALLBACK, new Endpoint("127.0.0.1", relays[1].port()), Optional.empty()));
        };
        try (Pair pair = new Pair(tmp, root -> List.of(
                SyncItem.immediate("users", root.resolve("users"), 1).withRetries(2, Duration.ofSeconds(1)),
                SyncItem.immediate("sel", root.resolve("sel"), 1).withRetries(2, Duration.ofSeconds(30))), o)) {
            Files.createDirectories(pair.sc0.path("users"));
            Files.writeString(pair.sc0.path("users/admin"), "admin:x:0:0\n");
            Files.createDirectories(pair.sc0.path("sel"));
            Files.writeString(pair.sc0.path("sel/0.log"), "event 1\n");
            pair.mainIs0(1);
            // the SPARE's restart: every connect on both links fails; users retries every second at
            // most, and each of its failures pushes sel's retry to its grown backoff, 30 s at most
            Thread.sleep(7_000);
            assertTrue(pair.sc0.engine.status().priority(1).state() != SyncState.IN_SYNC);
            // the SPARE is up again; its primary answers first (the MAIN tries only the fallback now,
            // and probes the primary every 300 ms)
            relays[0].target(pair.sc1.port());
            long back = System.nanoTime();
            Pair.await(Duration.ofSeconds(10), () -> pair.sc0.engine.status().link().orElse("").startsWith("primary"),
                    () -> pair.sc0.engine.status().describe());
            Pair.await(Duration.ofSeconds(10), () -> Pair.sameContent(pair.sc0.path("users/admin"), pair.sc1.path("users/admin")),
                    () -> pair.sc0.engine.status().describe());
            // sel waited for the link as users did: due with it, not at the end of its backoff
            Pair.await(Duration.ofSeconds(8), () -> Pair.sameContent(pair.sc0.path("sel/0.log"), pair.sc1.path("sel/0.log")),
                    () -> "sel not sent " + (System.nanoTime() - back) / 1_000_000 + " ms after the link was back: "
                            + pair.sc0.engine.status().describe());
            Pair.awaitInSync(pair.sc0, 1, Duration.ofSeconds(5));
            assertEquals(SyncState.IN_SYNC, pair.sc0.engine.status().priority(1).state());
        } finally {
            for (Relay r : relays) {
                if (r != null) {
                    r.close();
                }
            }
        }
    }
}

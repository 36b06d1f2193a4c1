package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review findings left open (not fixed on this branch): each test fails on 62e056e. Disabled so the
 * branch builds; run with -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition.
 */
@Disabled("review-datasync: open findings, each fails on 62e056e")
class ReviewOpenFindingsTest {
    @TempDir
    Path tmp;

    /**
     * A local error reading a file on the MAIN mid-pass (here: the file became a symbolic link after
     * the scan, so the O_NOFOLLOW open fails with ELOOP; EACCES or EIO do the same) is taken for a
     * broken link: SenderWorker.run drops the session without a BYE, so the SPARE sees a FIN and
     * reports mainExited (S5's "the MAIN is gone": failoverGateOpen() true out of sync) for a live
     * MAIN, until the MAIN's next session carries a STATUS; SyncReports also calls
     * links.lost(PRIMARY) for it.
     */
    @Test
    void aLocalReadErrorOnTheMainIsNotALinkFailure() throws Exception {
        try (SteppedTime time = new SteppedTime()) {
            Pair.Options o = new Pair.Options();
            o.clock = time;
            o.scheduler0 = time;
            o.scheduler1 = time;
            o.linkTimeout = Duration.ofHours(1);
            o.bandwidth = 1000; // the sender waits on virtual time after reading each file
            try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("etc", root.resolve("etc"), 1)), o)) {
                Path m = pair.sc0.path("etc");
                java.nio.file.Files.createDirectories(m);
                java.nio.file.Files.writeString(m.resolve("a"), "a".repeat(400));
                java.nio.file.Files.writeString(m.resolve("b"), "b".repeat(400));
                pair.mainIs0(1);
                Pair.await(Duration.ofSeconds(20), () -> Thread.getAllStackTraces().entrySet().stream().anyMatch(e ->
                        e.getKey().getName().equals("datasync-sender") && java.util.Arrays.stream(e.getValue())
                                .anyMatch(f -> f.getMethodName().equals("acquire") && f.getClassName().endsWith("Pacer"))),
                        () -> "the sender never waited in the pacer");
                // the first file is read and waits for its bandwidth; both become links meanwhile
                for (String n : List.of("a", "b")) {
                    java.nio.file.Files.delete(m.resolve(n));
                    java.nio.file.Files.createSymbolicLink(m.resolve(n), Path.of("elsewhere"));
                }
                for (int i = 0; i < 5; i++) {
                    time.advance(Duration.ofSeconds(1));
                    Thread.sleep(20);
                }
                boolean exited = pair.sc1.statuses.stream().anyMatch(DatasyncStatus::mainExited);
                System.out.println("SPARE reported mainExited: " + exited);
                assertTrue(!exited, "the SPARE took a live MAIN's local read error for its exit (mainExited)");
            }
        }
    }
}

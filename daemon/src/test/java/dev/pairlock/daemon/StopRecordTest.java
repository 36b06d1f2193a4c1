package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed step of the clean stop reaches the SEL, which an operator reads ({@code scctl events}), not
 * only the journal: as it fails while the SEL is open; through {@code STATE_DIR/stop-failures} and the
 * next start once it has closed. (Before, both were in the journal only.) One daemon on the simulated
 * chassis, with the SEL and a watchdog on a plain file; the step's failure is injected after its action ran.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StopRecordTest {
    @TempDir
    Path dir;

    private LoneDaemon lone() {
        return new LoneDaemon(dir);
    }

    private Path sel() {
        return lone().sel();
    }

    private Path stopFailures() {
        return lone().state().resolve(StopFailureFile.NAME);
    }

    private Daemon start(String... failingSteps) throws Exception {
        LoneDaemon lone = lone();
        return lone.builder(lone.openLink()).hardware(LoneDaemon.chassis()).failStepsForTests(failingSteps).start();
    }

    private List<SelRecord> records() {
        return SelReader.of(sel()).read(SelQuery.all()).records();
    }

    private static List<EventKind> kinds(List<SelRecord> rs) {
        return rs.stream().map(SelRecord::kind).toList();
    }

    /** The services' stop fails while the SEL is open: its record comes before DAEMON_STOPPED, and no file is left. */
    @Test
    void aStepThatFailsWhileTheSelIsOpenIsRecordedInIt() throws Exception {
        Daemon d = start("stop the supervised services");

        Teardown.StepFailed f = assertThrows(Teardown.StepFailed.class, d::stop);

        assertEquals("stop the supervised services", f.step());
        List<SelRecord> rs = records();
        SelRecord failed = rs.stream().filter(r -> r.kind() == EventKind.STOP_STEP_FAILED).findFirst()
                .orElseThrow(() -> new AssertionError("no STOP_STEP_FAILED in " + rs));
        assertEquals("stop the supervised services", failed.field("step"));
        assertTrue(failed.field("error").contains("injected failure of step 'stop the supervised services' (test)"),
                failed::toString);
        assertTrue(failed.field("left").contains("services.groups"), failed::toString);
        assertFalse(failed.field("entry").isEmpty());
        assertEquals(EventKind.DAEMON_STOPPED, rs.getLast().kind(), rs::toString);
        assertFalse(Files.exists(stopFailures()), "nothing for the next start: the SEL has it");
    }

    /**
     * The watchdog's disarm fails after the SEL closed: the stop leaves the file, the SEL does not have
     * it; the next start records it (when it failed, from where) before its own DAEMON_STARTED and
     * removes the file.
     */
    @Test
    void aStepThatFailsAfterTheSelClosedIsRecordedByTheNextStart() throws Exception {
        Daemon d = start("disarm the watchdog");
        Instant before = Instant.now();
        assertThrows(Teardown.StepFailed.class, d::stop);

        assertTrue(Files.exists(stopFailures()), "the failure waits in STATE_DIR/stop-failures");
        assertFalse(kinds(records()).contains(EventKind.STOP_STEP_FAILED), "the SEL was closed");
        String line = Files.readAllLines(stopFailures()).getLast();
        assertTrue(line.contains("\tstep=disarm the watchdog\t"), line);

        Daemon again = start();
        try {
            List<SelRecord> rs = records();
            int i = kinds(rs).indexOf(EventKind.STOP_STEP_FAILED);
            assertTrue(i > 0, rs::toString);
            assertEquals(EventKind.DAEMON_STOPPED, rs.get(i - 1).kind(), "after the previous stop's last record");
            assertEquals(EventKind.DAEMON_STARTED, rs.get(i + 1).kind(), "before this start's first");
            SelRecord r = rs.get(i);
            assertEquals("disarm the watchdog", r.field("step"));
            assertTrue(r.field("left").contains("stays armed"), r::toString);
            assertTrue(r.field("error").contains("injected failure"), r::toString);
            assertEquals(stopFailures().toString(), r.field("from"));
            Instant at = Instant.parse(r.field("failed_at"));
            assertFalse(at.isBefore(before) || at.isAfter(r.wall()), () -> at + " not within the stop, before " + r.wall());
            assertFalse(Files.exists(stopFailures()), "removed once the SEL has it");
            String shown = dev.pairlock.events.SelFormat.text(r, java.time.ZoneOffset.UTC); // scctl events
            assertTrue(shown.contains(" WARNING   STOP_STEP_FAILED  step=\"disarm the watchdog\"  error=\"IllegalStateException: injected"),
                    shown);
            assertTrue(shown.contains("  failed_at=" + at + "  from=" + stopFailures()), shown);
        } finally {
            again.stop();
        }
        assertEquals(1, kinds(records()).stream().filter(k -> k == EventKind.STOP_STEP_FAILED).count(), "not imported twice");
    }
}

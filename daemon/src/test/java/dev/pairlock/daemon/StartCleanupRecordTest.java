package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed start's release steps that fail reach the SEL as a stop's do (before, the journal only): in
 * the SEL while it is open, else through {@code STATE_DIR/stop-failures} and the next start, marked
 * {@code during=start cleanup}. One daemon on the simulated chassis, with the SEL and a watchdog on a
 * plain file; a release step's failure is injected after its action ran.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartCleanupRecordTest {
    @TempDir
    Path dir;

    private Path sel() {
        return dir.resolve("sel");
    }

    private Path stopFailures() {
        return dir.resolve("state").resolve(StopFailureFile.NAME);
    }

    /** The chassis, or hardware whose opening fails as an unopenable device does. */
    private static HardwareSource hardware(boolean unopenable) {
        HardwareSource chassis = LoneDaemon.chassis();
        return !unopenable ? chassis : new HardwareSource() {
            @Override
            public ControllerHardware open(PeerLink link, Clock clock, Scheduler scheduler) {
                throw new IllegalStateException("/dev/i2c-7: No such device (test)");
            }

            @Override
            public String describe() {
                return "unopenable (test)";
            }

            @Override
            public void close() {
                chassis.close();
            }
        };
    }

    private Daemon start(boolean unopenable, Path socket, String... failingSteps) throws Exception {
        LoneDaemon lone = new LoneDaemon(dir, socket);
        return lone.builder(lone.openLink()).hardware(hardware(unopenable)).failStepsForTests(failingSteps).start();
    }

    private Path socket() {
        return dir.resolve("run/sc0.sock");
    }

    private List<SelRecord> records() {
        return SelReader.of(sel()).read(SelQuery.all()).records();
    }

    private static List<EventKind> kinds(List<SelRecord> rs) {
        return rs.stream().map(SelRecord::kind).toList();
    }

    /**
     * A device cannot be opened after the control thread and the peer link were, before the SEL: the
     * peer link's release fails. No SEL is open, so the failure waits in the file, and the next start
     * records it before its own DAEMON_STARTED, marked as a start's cleanup, and removes the file.
     */
    @Test
    void aReleaseThatFailsBeforeTheSelOpenedIsRecordedByTheNextStart() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(true, socket(), "close the peer link"));
        assertTrue(e.getMessage().contains("/dev/i2c-7"), e::toString);
        assertEquals("close the peer link", ((Teardown.StepFailed) e.getSuppressed()[0]).step());

        assertTrue(Files.exists(stopFailures()), "the failure waits in STATE_DIR/stop-failures");
        String line = Files.readAllLines(stopFailures()).getLast();
        assertTrue(line.contains("\tstep=close the peer link\t") && line.endsWith("\tduring=start cleanup"), line);

        Daemon again = start(false, socket());
        try {
            List<SelRecord> rs = records();
            int i = kinds(rs).indexOf(EventKind.STOP_STEP_FAILED);
            assertTrue(i >= 0, rs::toString);
            assertEquals(EventKind.DAEMON_STARTED, rs.get(i + 1).kind(), "before this start's first record");
            SelRecord r = rs.get(i);
            assertEquals("close the peer link", r.field("step"));
            assertEquals("start cleanup", r.field("during"));
            assertTrue(r.field("error").contains("injected failure"), r::toString);
            assertEquals(stopFailures().toString(), r.field("from"));
            assertFalse(Files.exists(stopFailures()), "removed once the SEL has it");
        } finally {
            again.stop();
        }
    }

    /**
     * The control socket cannot be created, after the SEL and the watchdog opened: the watchdog's disarm
     * fails while the SEL is open (recorded in it, before its DAEMON_STOPPED), the lanes' close after it
     * closed (to the file, recorded by the next start).
     */
    @Test
    void aReleaseThatFailsWhileTheSelIsOpenIsInItAndOneAfterItClosedInTheFile() throws Exception {
        Path notADirectory = dir.resolve("run/file");
        Files.createDirectories(notADirectory.getParent());
        Files.writeString(notADirectory, "a file where the socket's directory should be");
        assertThrows(Exception.class, () -> start(false, notADirectory.resolve("sc0.sock"), "disarm the watchdog", "close the lanes"));

        List<SelRecord> rs = records();
        int i = kinds(rs).indexOf(EventKind.STOP_STEP_FAILED);
        assertTrue(i >= 0, rs::toString);
        assertEquals("disarm the watchdog", rs.get(i).field("step"));
        assertEquals("start cleanup", rs.get(i).field("during"));
        assertEquals(EventKind.DAEMON_STOPPED, rs.get(i + 1).kind(), rs::toString);
        assertTrue(rs.get(i + 1).field("cause").startsWith("could not start: "), rs::toString);
        String line = Files.readAllLines(stopFailures()).getLast();
        assertTrue(line.contains("\tstep=close the lanes\t") && line.endsWith("\tduring=start cleanup"), line);

        Daemon again = start(false, socket());
        try {
            List<SelRecord> now = records();
            assertEquals(List.of("disarm the watchdog", "close the lanes"), now.stream()
                    .filter(r -> r.kind() == EventKind.STOP_STEP_FAILED).map(r -> r.field("step")).toList(), now::toString);
            assertFalse(Files.exists(stopFailures()));
        } finally {
            again.stop();
        }
    }
}

package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's assembly when a part cannot be opened: what was opened is released (the watchdog
 * disarmed, not left to reset the SC), and the SEL, once open, says why the start failed, as the
 * events module does for a failure of its own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonAssemblyTest {
    @TempDir
    Path dir;

    /**
     * The control socket comes after the SEL and the watchdog: a directory anyone may write to is
     * refused (IOException). The SEL held DAEMON_STARTED and nothing after it, a start that looked like
     * a crash (and notify.stop never ran) while the reason was only on stderr.
     */
    @Test
    void aStartThatFailsAfterTheSelOpenedRecordsWhyThereAndDisarmsTheWatchdog() throws Exception {
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        LoneDaemon lone = new LoneDaemon(dir, open.resolve("sc0.sock"));
        Path watchdog = Files.createFile(lone.watchdog());
        Daemon.Builder b = lone.builder(lone.openLink()).hardware(LoneDaemon.chassis());

        IOException e = assertThrows(IOException.class, b::start);
        assertTrue(e.getMessage().startsWith(open + ": the control socket's directory is writable by every user"), e.getMessage());

        assertEquals("V", Files.readString(watchdog), "the watchdog is disarmed by the magic close, not left armed");
        List<SelRecord> sel = SelReader.of(dir.resolve("sel")).read(SelQuery.all()).records();
        List<EventKind> kinds = sel.stream().map(SelRecord::kind).toList();
        assertEquals(List.of(EventKind.DAEMON_STARTED, EventKind.DAEMON_STOPPED), kinds, sel::toString);
        assertEquals("could not start: " + e.getMessage(), sel.getLast().field("cause"));
    }
}

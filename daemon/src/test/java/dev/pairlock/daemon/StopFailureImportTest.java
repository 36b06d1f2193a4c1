package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.EventsConfig;
import dev.pairlock.events.NotifyConfig;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import dev.pairlock.events.SnmpConfig;
import dev.pairlock.hal.ScId;
import dev.pairlock.supervision.SupervisionConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start's import of {@code STATE_DIR/stop-failures} (EventsPlugin.open): a damaged file does not
 * stop the start and loses none of its readable lines; a crash between the SEL's write and the file's
 * removal does not record a failure twice.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StopFailureImportTest {
    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private Path file() {
        return state().resolve(StopFailureFile.NAME);
    }

    /** One start and stop of the events module, as pairlockd's; returns the SEL's STOP_STEP_FAILED records after it. */
    private List<SelRecord> startAndStop() throws Exception {
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0), NotifyConfig.none());
        EventsPlugin p = EventsPlugin.open(cfg, new SupervisionConfig(List.of()), state(), ScId.SC0, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> null, 10, () -> { });
        p.close("test");
        return SelReader.of(dir.resolve("sel")).read(new SelQuery(null, java.util.Set.of(EventKind.STOP_STEP_FAILED), 0)).records();
    }

    private static String good(String id, String step) {
        return StopFailureFile.line(new StopFailureFile.Entry(id, Instant.parse("2026-12-02T02:59:00Z"), step,
                "the kernel watchdog stays armed", "IOException: EIO\nsecond line")) + "\n";
    }

    private List<Path> aside() throws Exception {
        try (Stream<Path> s = Files.list(state())) {
            return s.filter(p -> p.getFileName().toString().startsWith(StopFailureFile.NAME + ".malformed-")).toList();
        }
    }

    /**
     * A line with an unknown escape and a last line cut off: the readable line is recorded, each bad one
     * is recorded as unreadable with its file:line, and the file is kept aside, byte for byte.
     */
    @Test
    void aDamagedFileIsRecordedLineByLineAndKeptAside() throws Exception {
        Files.createDirectories(state());
        String text = "# comment\n" + good("9-1-1", "disarm the watchdog") + "entry=9-1-2\tat=2026-12-02T02:59:00Z\tstep=a\\q\tleft=x\terror=y\n"
                + "entry=9-1-3\tat=2026-12-02T02:";
        Files.writeString(file(), text, StandardCharsets.UTF_8);

        List<SelRecord> rs = startAndStop();

        assertEquals(3, rs.size(), rs::toString);
        assertEquals("disarm the watchdog", rs.get(0).field("step"));
        assertEquals("IOException: EIO\nsecond line", rs.get(0).field("error"), "escapes read back");
        assertEquals("2026-12-02T02:59:00Z", rs.get(0).field("failed_at"));
        assertEquals("(unreadable)", rs.get(1).field("step"));
        assertTrue(rs.get(1).field("error").startsWith(file() + ":3: step: unknown escape '\\q'"), rs.get(1)::toString);
        assertTrue(rs.get(2).field("error").startsWith(file() + ":4: cut off (no newline at its end)"), rs.get(2)::toString);
        assertFalse(Files.exists(file()));
        List<Path> aside = aside();
        assertEquals(1, aside.size(), aside::toString);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(aside.getFirst()), "kept as it was");
        assertTrue(rs.get(1).field("left").contains(aside.getFirst().toString()), rs.get(1)::toString);
    }

    /**
     * A crash after the SEL stored the records but before the file went leaves both: the next start
     * finds each entry in the SEL already and records none twice (the unreadable lines neither), then
     * removes the file.
     */
    @Test
    void aCrashBetweenTheSelsWriteAndTheFilesRemovalRecordsNothingTwice() throws Exception {
        Files.createDirectories(state());
        byte[] bytes = (good("9-1-1", "disarm the watchdog") + good("9-1-2", "close data sync") + "not a line\n")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(file(), bytes);
        assertEquals(3, startAndStop().size());
        assertFalse(Files.exists(file()));

        Files.delete(aside().getFirst());
        Files.write(file(), bytes); // what the crash left: the file, and the SEL holding its records

        List<SelRecord> rs = startAndStop();
        assertEquals(List.of("disarm the watchdog", "close data sync", "(unreadable)"), rs.stream().map(r -> r.field("step")).toList());
        assertFalse(Files.exists(file()), "gone: the SEL has every line (the file kept aside again for its unreadable line)");
    }

    /** A stop's failures are added to a file an earlier stop left that no start imported: none of the earlier ones lost. */
    @Test
    void aStopAddsToAFileNoStartImportedYet() throws Exception {
        Files.createDirectories(state());
        Files.writeString(file(), good("9-1-1", "disarm the watchdog"), StandardCharsets.UTF_8);
        StopFailureFile f = new StopFailureFile(state());
        f.write(f.bytesIfAny(), List.of(new StopFailureFile.Entry("10-2-1", NOW, "close the SEL", "left", "err\tor")));

        StopFailureFile.Parsed read = f.parse(Files.readAllBytes(file()));

        assertEquals(List.of(), read.problems());
        assertEquals(List.of("9-1-1", "10-2-1"), read.entries().stream().map(StopFailureFile.Entry::id).toList());
        assertEquals("err\tor", read.entries().get(1).error());
    }

    /** A failure reported while the SEL was open that the SEL did not store (its disk failed) goes to the file at close. */
    @Test
    void aRecordTheSelDidNotStoreGoesToTheFile() throws Exception {
        EventsConfig cfg = new EventsConfig(SelConfig.in(dir.resolve("sel")), SnmpConfig.none(ScId.SC0), NotifyConfig.none());
        dev.pairlock.events.Events events = dev.pairlock.events.Events.open(cfg, ScId.SC0, dev.pairlock.hal.time.SystemClock.INSTANCE,
                Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            events.sel().close(); // every append now fails, as on a failed disk
            StopRecord rec = new StopRecord(events.reporter(), state(), Clock.fixed(NOW, ZoneOffset.UTC));
            rec.accept(new Teardown.StepFailed("stop", "stop the supervised services", "a service left running",
                    new IllegalStateException("boom")));
            assertFalse(Files.exists(file()), "not yet: the SEL may still store it");
            rec.selClosing();
            rec.selClosed();
            List<StopFailureFile.Entry> in = new StopFailureFile(state()).parse(Files.readAllBytes(file())).entries();
            assertEquals(1, in.size(), in::toString);
            assertEquals("stop the supervised services", in.getFirst().step());
            assertEquals("IllegalStateException: boom", in.getFirst().error());
            assertEquals(NOW, in.getFirst().at());
        } finally {
            events.close();
        }
    }
}

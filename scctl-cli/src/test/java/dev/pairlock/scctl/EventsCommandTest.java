package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigFile;
import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.control.Json;
import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelConfig;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SystemEventLog;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.platform.PlatformFile;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * scctl events with pairlockd down (the SEL files) and events clear: it asks a person at a terminal,
 * refuses a script without -y (exit 2), clears on y or yes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EventsCommandTest {
    @TempDir
    Path dir;
    Path conf;
    SelConfig sel;

    /** A stopped pairlockd's SEL with three records. */
    @BeforeEach
    void threeRecords() throws Exception {
        conf = FakeDaemon.platformFile(dir);
        sel = SelConfig.parse(ConfigFile.read(conf), ScId.SC0, PlatformFile.read(conf).config().stateDir());
        try (SystemEventLog log = SystemEventLog.open(sel, ScId.SC0, SystemClock.INSTANCE, InstantSource.system())) {
            for (int i = 0; i < 3; i++) {
                log.appendDurably(EventDraft.of(EventKind.DAEMON_STARTED, Role.UNKNOWN, 0));
            }
        }
    }

    private String[] clear(String... more) {
        String[] args = {"--backend", "linux", "--config", conf.toString(), "events", "clear"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private List<EventKind> left() {
        return SelReader.of(sel.dir()).read(SelQuery.all()).records().stream().map(r -> r.kind()).toList();
    }

    @Test
    void atATerminalItAsksAndClearsOnYes() {
        for (String yes : new String[] {"y\n", "YES\n"}) {
            Run r = Run.at(true, yes, clear());
            assertEquals(0, r.code(), r::toString);
            int before = yes.equals("y\n") ? 3 : 1; // the second round finds the first one's SEL_CLEARED record
            assertEquals("scctl: clear " + before + (before == 1 ? " event" : " events") + " from the SEL in " + sel.dir()
                    + "? [y/N] ", r.err(), r::toString);
            assertEquals("cleared " + before + " records from the SEL of SC0 in " + sel.dir() + " (pairlockd is not running)\n",
                    r.out(), r::toString);
            assertEquals(List.of(EventKind.SEL_CLEARED), left());
        }
    }

    @Test
    void atATerminalAnythingButYesClearsNothing() {
        for (String answer : new String[] {"n\n", "\n", "yep\n", null}) {
            Run r = Run.at(true, answer, clear());
            assertEquals(0, r.code(), "declined at the prompt, as every write: exit 0\n" + r);
            assertEquals("", r.out(), r::toString);
            assertTrue(r.err().contains(answer == null ? "no confirmation on stdin: nothing cleared (pass -y"
                    : "aborted on user request: nothing cleared (pass -y"), r::toString);
            assertEquals(3, left().size(), "nothing cleared after " + answer);
        }
    }

    /** A script without -y: refused, even with a "y" piped in (that is not a person agreeing). */
    @Test
    void withoutATerminalItRefusesNamingYes() {
        Run r = Run.at(false, "y\n", clear());
        assertEquals(2, r.code(), r::toString);
        assertEquals("scctl: refusing to clear 3 events from the SEL in " + sel.dir() + " without asking: stdin is not a terminal"
                + " (pass -y to clear the SEL from a script)\n", r.err());
        assertEquals(3, left().size());
        Run json = Run.at(false, null, clear("--json"));
        assertEquals(2, json.code(), json::toString);
        assertEquals(Map.of("ok", false, "declined", "clear 3 events from the SEL in " + sel.dir() + " without asking",
                "reason", "stdin is not a terminal (pass -y to clear the SEL from a script)", "exit", 2L),
                Json.parse(json.out().strip()), json::toString);
        Run yes = Run.at(false, null, clear("-y", "--json"));
        assertEquals(0, yes.code(), yes::toString);
        assertEquals(3L, ((Map<?, ?>) Json.parse(yes.out().strip())).get("cleared"), "--json on the files: a document too\n" + yes);
    }

    /** With pairlockd running it clears through the daemon; the prompt still counts this SC's records. */
    @Test
    void throughTheDaemonAfterTheSameQuestion() throws Exception {
        List<Object> asked = new CopyOnWriteArrayList<>();
        HandlerRegistry handlers = new HandlerRegistry().register("events.clear", dev.pairlock.control.Access.ADMIN, "clears", ArgSpec.none()
                .optional("by", new ArgSpec.Text(64)), (args, s) -> {
                    asked.add(args.text("by", ""));
                    return Map.of("cleared", 3L, "message", "cleared 3 records from the SEL of SC0");
                });
        try (FakeDaemon d = FakeDaemon.start(dir, handlers)) {
            Run no = Run.at(true, "n\n", clear());
            assertEquals(0, no.code(), no::toString);
            assertEquals(List.of(), asked, "a no sends nothing to the daemon");
            Run r = Run.at(true, "y\n", clear());
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.err().startsWith("scctl: clear 3 events from the SEL in " + sel.dir() + "? [y/N] "), r::toString);
            assertEquals("cleared 3 records from the SEL of SC0\n", r.out());
            assertEquals(1, asked.size());
        }
    }

    /**
     * On the sim backend (the default) there is no SEL: one short line says what to pass and where the
     * sim's events are, before the daemon or the platform file of this machine is looked at.
     */
    @Test
    void onTheSimBackendThereIsNoSelToClear() {
        String line = "events clear needs --backend linux: the sim backend (the default) keeps no SEL, only this call's events"
                + " in memory ('scctl failover show' lists them)";
        for (String[] args : new String[][] {{"events", "clear", "-y"}, {"events", "clear"}}) {
            Run r = Run.at(false, null, args);
            assertEquals(2, r.code(), r::toString);
            assertEquals("", r.out(), r::toString);
            assertEquals("scctl: " + line + "\n", r.err());
        }
        Run json = Run.at(true, "y\n", "--json", "events", "clear");
        assertEquals(2, json.code(), json::toString);
        assertEquals(Map.of("ok", false, "error", line, "exit", 2L), Json.parse(json.out().strip()), json::toString);
        assertEquals("", json.err().replace("scctl: " + line + "\n", ""), "no question first: " + json);
        Run list = Run.scctl("events");
        assertEquals("scctl: events needs --backend linux: the sim backend (the default) keeps no SEL, only this call's events"
                + " in memory ('scctl failover show' lists them)\n", list.err(), list::toString);
    }

    /** --json from the files is one document (an array), as through the daemon: not a line per record, nor nothing. */
    @Test
    void eventsFromTheFilesAreOneJsonDocument() throws Exception {
        Run all = Run.scctl("--backend", "linux", "--config", conf.toString(), "--json", "events");
        assertEquals(0, all.code(), all::toString);
        assertEquals(1, all.out().lines().count(), all::toString);
        List<?> records = (List<?>) Json.parse(all.out());
        assertEquals(3, records.size(), all::toString);
        assertEquals("DAEMON_STARTED", ((Map<?, ?>) records.getFirst()).get("kind"), all::toString);
        Run none = Run.scctl("--backend", "linux", "--config", conf.toString(), "--json", "events", "--kind", "FAILOVER");
        assertEquals("[]\n", none.out(), none::toString);
    }

    /** The files' warnings go to scctl's stderr (where tests and callers capture it), not the JVM's. */
    @Test
    void aDamagedLogIsAWarningOnStderr() throws Exception {
        Path segment;
        try (var files = java.nio.file.Files.list(sel.dir())) {
            segment = files.filter(f -> f.getFileName().toString().matches("sel-\\d+\\.log")).findFirst().orElseThrow();
        }
        byte[] b = java.nio.file.Files.readAllBytes(segment);
        b[b.length / 2] ^= 0x55; // a flipped byte in the middle record: damage, not a torn tail
        java.nio.file.Files.write(segment, b);
        Run r = Run.scctl("--backend", "linux", "--config", conf.toString(), "events");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().startsWith("warning: ") && r.err().contains("damaged bytes were skipped"), r::toString);
    }
}

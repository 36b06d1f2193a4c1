package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelCommandsTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    PrintStream o() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    PrintStream e() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    SystemEventLog open(Path d, ScId sc) {
        return SystemEventLog.open(SelConfig.in(d), sc, SystemClock.INSTANCE, InstantSource.system());
    }

    @Test
    void listMergesThisScsLogWithThePeersCopyInTimeOrder() throws Exception {
        Path mine = dir.resolve("sc1");
        Path peers = dir.resolve("sc0");
        try (SystemEventLog a = open(peers, ScId.SC0); SystemEventLog b = open(mine, ScId.SC1)) {
            a.appendDurably(EventDraft.of(EventKind.ROLE_CHANGED, Role.MAIN, 1).with("role", "MAIN"));
            Thread.sleep(2);
            b.appendDurably(EventDraft.of(EventKind.ROLE_CHANGED, Role.SPARE, 1).with("role", "SPARE"));
            Thread.sleep(2);
            a.appendDurably(EventDraft.of(EventKind.SERVICE_EXHAUSTED, Role.MAIN, 1).with("service", "db")
                    .with("decision", "failover-requested"));
        }
        assertEquals(0, SelCommands.list(List.of(mine, peers), SelQuery.all(), true, ZoneOffset.UTC, o(), e()));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].contains("\"sc\":\"SC0\"") && lines[0].contains("\"role\":\"MAIN\""), lines[0]);
        assertTrue(lines[1].contains("\"sc\":\"SC1\""), lines[1]);
        assertTrue(lines[2].contains("\"fields\":{\"service\":\"db\",\"decision\":\"failover-requested\"}"), lines[2]);
        out.reset();
        SelCommands.list(List.of(mine, peers), new SelQuery(null, Set.of(EventKind.SERVICE_EXHAUSTED), 0), false,
                ZoneOffset.UTC, o(), e());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s)\\s+2  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  SC0 MAIN\\s+e1\\s+CRITICAL\\s+SERVICE_EXHAUSTED"
                + "  service=db  decision=failover-requested\n"), text);
    }

    @Test
    void theDaemonsEventSourceShowsThePeersCopyBesideItsOwnLog() throws Exception {
        Path mine = dir.resolve("sc1");
        Path peers = dir.resolve("sc0");
        try (SystemEventLog a = open(peers, ScId.SC0)) {
            a.appendDurably(EventDraft.of(EventKind.SERVICE_EXHAUSTED, Role.MAIN, 1).with("service", "db")
                    .with("decision", "failover-requested"));
        }
        Thread.sleep(2);
        try (SystemEventLog b = open(mine, ScId.SC1)) {
            b.appendDurably(EventDraft.of(EventKind.ROLE_CHANGED, Role.MAIN, 2).with("role", "MAIN"));
            assertEquals(peers.toAbsolutePath(), SelEventSource.peerCopyOf(mine, ScId.SC1));
            var merged = new SelEventSource(b, SelEventSource.peerCopyOf(mine, ScId.SC1)).last(10);
            assertEquals(List.of("sc0 service_exhausted", "sc1 role_changed"),
                    merged.stream().map(r -> r.sc() + " " + r.kind()).toList(), merged.toString());
            assertEquals(1, new SelEventSource(b).last(10).size(), "without a peer copy: this SC's records only");
        }
    }

    @Test
    void clearNeedsYesAndIsRefusedWhileTheDaemonHoldsTheLog() {
        SelConfig cfg = SelConfig.in(dir.resolve("sc0"));
        try (SystemEventLog held = open(cfg.dir(), ScId.SC0)) {
            held.appendDurably(EventDraft.of(EventKind.DAEMON_STARTED, Role.UNKNOWN, 0));
            assertEquals(2, SelCommands.clear(cfg, ScId.SC0, false, "root", SystemClock.INSTANCE, InstantSource.system(), o(), e()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("add -y"));
            err.reset();
            assertEquals(1, SelCommands.clear(cfg, ScId.SC0, true, "root", SystemClock.INSTANCE, InstantSource.system(), o(), e()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("open for writing by another process"));
        }
        assertEquals(0, SelCommands.clear(cfg, ScId.SC0, true, "root@tty1", SystemClock.INSTANCE, InstantSource.system(), o(), e()));
        assertEquals("Cleared 1 records from the SEL in " + cfg.dir() + "\n", out.toString(StandardCharsets.UTF_8));
        List<SelRecord> left = SelReader.of(cfg.dir()).read(SelQuery.all()).records();
        assertEquals(EventKind.SEL_CLEARED, left.getFirst().kind());
        assertEquals("root@tty1", left.getFirst().field("by"));
    }

    @Test
    void sinceAndKindParseAsAnOperatorTypesThem() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        assertEquals(Instant.parse("2025-03-01T11:50:00Z"), SelQuery.parseSince("10m", now, ZoneOffset.UTC));
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), SelQuery.parseSince("2025-03-01T10:00:00Z", now, ZoneOffset.UTC));
        assertEquals(Instant.parse("2025-03-01T09:00:00Z"), SelQuery.parseSince("2025-03-01 10:00", now, ZoneId.of("+01:00")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SelQuery.parseSince("yesterday", now, ZoneOffset.UTC))
                .getMessage().startsWith("--since 'yesterday' is neither a duration"));
        assertEquals(Set.of(EventKind.PEER_LOST, EventKind.FAILOVER), SelQuery.parseKinds("peer-lost, FAILOVER"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SelQuery.parseKinds("PEER_GONE")).getMessage()
                .startsWith("--kind 'PEER_GONE' is not an event kind; kinds: ROLE_CHANGED, FAILOVER"));
    }

    @Test
    void selKeysReadWithDefaultsPerScAndErrorsByLine() {
        ConfigFile none = ConfigFile.parse(dir.resolve("p.conf"), new byte[0]);
        assertEquals(Path.of("/var/lib/pairlock/sel/sc1"), SelConfig.parse(none, ScId.SC1).dir());
        ConfigFile bad = ConfigFile.parse(dir.resolve("p.conf"), "sel.max_size = 64KiB\nsel.segments = 64\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(dir.resolve("p.conf") + ":2: sel.segments: sel.max_size / sel.segments is 1024 bytes; a segment needs at"
                + " least 8 KiB: raise sel.max_size or lower sel.segments",
                assertThrows(ConfigException.class, () -> SelConfig.parse(bad, ScId.SC0)).getMessage());
        ConfigFile unknown = ConfigFile.parse(dir.resolve("p.conf"), "sel.file = /x\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(ConfigException.class, () -> SelConfig.parse(unknown, ScId.SC0)).getMessage()
                .endsWith(":1: sel.file: is not a known key (known: sel.dir, sel.max_size, sel.segments)"));
    }
}

package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static dev.pairlock.events.SelTestSupport.draft;
import static dev.pairlock.events.SelTestSupport.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SystemEventLogTest {
    @TempDir
    Path dir;

    @Test
    void appendedRecordsReadBackWithEveryField() {
        SelRecord written;
        try (SystemEventLog sel = open(dir)) {
            written = sel.appendDurably(EventDraft.of(EventKind.PEER_LOST, Role.MAIN, 12)
                    .with("signal", "heartbeat").with("detail", "line \"hb0\"\nstuck"));
            sel.appendDurably(draft(2));
        }
        List<SelRecord> all = SelReader.of(dir).read(SelQuery.all()).records();
        assertEquals(2, all.size());
        SelRecord r = all.getFirst();
        assertEquals(written, r);
        assertEquals(1, r.seq());
        assertEquals(ScId.SC0, r.sc());
        assertEquals(Role.MAIN, r.role());
        assertEquals(12, r.epoch());
        assertEquals(Severity.WARNING, r.severity());
        assertEquals("line \"hb0\"\nstuck", r.field("detail"));
        assertEquals(List.of("signal", "detail"), List.copyOf(r.fields().keySet()));
        assertEquals(2, all.get(1).seq());
    }

    @Test
    void sequenceNumbersGoOnAfterReopen() {
        try (SystemEventLog sel = open(dir)) {
            sel.appendDurably(draft(1));
        }
        try (SystemEventLog sel = open(dir)) {
            assertEquals(2, sel.appendDurably(draft(2)).seq());
        }
    }

    @Test
    void concurrentAppendsAreGroupCommittedInSequenceOrder() throws Exception {
        List<CompletableFuture<SelRecord>> futures = new ArrayList<>();
        try (SystemEventLog sel = open(dir)) {
            for (int i = 0; i < 2000; i++) {
                futures.add(sel.append(draft(i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            assertTrue(sel.stats().syncs() < 2000, "syncs " + sel.stats().syncs() + " for 2000 records: no group commit");
        }
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(i + 1, futures.get(i).join().seq());
        }
        assertEquals(2000, SelReader.of(dir).read(SelQuery.all()).records().size());
    }

    @Test
    void aSecondWriterIsRefusedWithTheHoldersPid() {
        try (SystemEventLog sel = open(dir)) {
            SelException e = assertThrows(SelException.class, () -> open(dir));
            assertTrue(e.getMessage().contains("open for writing by another process (pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("scctl events"), e.getMessage());
        }
    }

    @Test
    void rotationKeepsTheBoundAndRecordsWhatWent() {
        SelConfig cfg = new SelConfig(dir, 64 << 10, 4); // 16 KiB segments
        try (SystemEventLog sel = open(cfg)) {
            for (int i = 0; i < 3000; i++) {
                sel.append(draft(i).with("pad", "x".repeat(40)));
            }
            sel.appendDurably(draft(-1));
            assertTrue(sel.stats().rotations() > 4);
        }
        List<Path> segs = SelSegments.list(dir);
        assertEquals(4, segs.size());
        long total = 0;
        for (Path p : segs) {
            total += p.toFile().length();
        }
        assertTrue(total <= (64 << 10) + 200, "total " + total);
        List<SelRecord> all = SelReader.of(dir).read(SelQuery.all()).records();
        for (int i = 1; i < all.size(); i++) {
            assertEquals(all.get(i - 1).seq() + 1, all.get(i).seq(), "contiguous after rotation");
        }
        List<SelRecord> rotated = all.stream().filter(r -> r.kind() == EventKind.SEL_ROTATED).toList();
        assertFalse(rotated.isEmpty());
        SelRecord lastRotation = rotated.getLast();
        // the newest rotation record names the range just before the oldest record still here
        assertEquals(all.getFirst().seq() - 1, Long.parseLong(lastRotation.field("last_seq")));
        assertTrue(Long.parseLong(lastRotation.field("records")) > 0);
    }

    @Test
    void aTornTailIsCutOffOnOpenAndRecorded() throws IOException {
        try (SystemEventLog sel = open(dir)) {
            sel.appendDurably(draft(1));
            sel.appendDurably(draft(2));
        }
        Path seg = SelSegments.list(dir).getLast();
        byte[] third = SelCodec.encode(new SelRecord(3, Instant.now(), 0, ScId.SC0, Role.MAIN, 1, EventKind.FAILOVER,
                Severity.WARNING, java.util.Map.of("cause", "x")));
        long before = Files.size(seg);
        Files.write(seg, java.util.Arrays.copyOf(third, third.length - 5), StandardOpenOption.APPEND);
        // a reader sees the partial record as the tail, not as damage
        SelReader.Result r = SelReader.of(dir).read(SelQuery.all());
        assertEquals(2, r.records().size());
        assertEquals(0, r.damagedBytes());
        try (SystemEventLog sel = open(dir)) {
            SelRecord next = sel.appendDurably(draft(4));
            assertEquals(4, next.seq(), "the recovery record took seq 3");
        }
        List<SelRecord> all = SelReader.of(dir).read(SelQuery.all()).records();
        assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(SelRecord::seq).toList());
        assertEquals(EventKind.SEL_RECOVERED, all.get(2).kind());
        assertEquals(String.valueOf(third.length - 5), all.get(2).field("bytes"));
        assertTrue(Files.size(seg) > before);
    }

    @Test
    void damageInsideASegmentIsSteppedOverAndNotTruncated() throws IOException {
        try (SystemEventLog sel = open(dir)) {
            for (int i = 1; i <= 5; i++) {
                sel.appendDurably(draft(i));
            }
        }
        Path seg = SelSegments.list(dir).getLast();
        byte[] b = Files.readAllBytes(seg);
        int recLen = (b.length - SelCodec.HEADER) / 5;
        b[SelCodec.HEADER + recLen + recLen / 2] ^= 0x40; // inside record 2
        Files.write(seg, b);
        SelReader.Result r = SelReader.of(dir).read(SelQuery.all());
        assertEquals(List.of(1L, 3L, 4L, 5L), r.records().stream().map(SelRecord::seq).toList());
        assertEquals(recLen, r.damagedBytes());
        try (SystemEventLog sel = open(dir)) {
            assertEquals(6, sel.appendDurably(draft(6)).seq());
        }
        assertEquals(5, SelReader.of(dir).read(SelQuery.all()).records().size());
    }

    @Test
    void clearLeavesOneRecordSayingHowManyWentAndSequenceGoesOn() {
        try (SystemEventLog sel = open(new SelConfig(dir, 64 << 10, 4))) {
            for (int i = 0; i < 500; i++) {
                sel.append(draft(i));
            }
            sel.appendDurably(draft(500));
            long kept = SelReader.of(dir).read(SelQuery.all()).records().size();
            assertEquals(kept, SystemEventLog.join(sel.clear("root@console")));
            List<SelRecord> all = SelReader.of(dir).read(SelQuery.all()).records();
            assertEquals(1, all.size());
            assertEquals(EventKind.SEL_CLEARED, all.getFirst().kind());
            assertEquals(502, all.getFirst().seq());
            assertEquals("root@console", all.getFirst().field("by"));
            assertEquals(1, SelSegments.list(dir).size());
            assertEquals(503, sel.appendDurably(draft(0)).seq());
            assertEquals(List.of(EventKind.SEL_CLEARED, EventKind.SERVICE_STARTED),
                    sel.recent(10).stream().map(SelRecord::kind).toList());
        }
    }

    @Test
    void aClearInterruptedBeforeItsDeletesIsFinishedOnOpen() throws IOException {
        try (SystemEventLog sel = open(dir)) {
            sel.appendDurably(draft(1));
        }
        // the state a crash leaves right after the SEL_CLEARED record was synced
        Path next = SelSegments.path(dir, 2);
        Files.write(next, SelCodec.MAGIC);
        Files.write(next, SelCodec.encode(new SelRecord(2, Instant.now(), 0, ScId.SC0, Role.UNKNOWN, 0,
                EventKind.SEL_CLEARED, Severity.NOTICE, java.util.Map.of("records", "1"))), StandardOpenOption.APPEND);
        try (SystemEventLog sel = open(dir)) {
            assertEquals(3, sel.appendDurably(draft(3)).seq());
        }
        assertEquals(List.of(2L, 3L), SelReader.of(dir).read(SelQuery.all()).records().stream().map(SelRecord::seq).toList());
    }

    @Test
    void queriesFilterBySinceKindAndLimit() {
        Instant mid;
        try (SystemEventLog sel = open(dir)) {
            sel.appendDurably(EventDraft.of(EventKind.PEER_LOST, Role.MAIN, 1));
            sel.appendDurably(draft(1));
            mid = sel.appendDurably(EventDraft.of(EventKind.PEER_REPAIRED, Role.MAIN, 1)).wall();
            sel.appendDurably(EventDraft.of(EventKind.PEER_LOST, Role.MAIN, 1));
        }
        SelReader reader = SelReader.of(dir);
        assertEquals(2, reader.read(new SelQuery(null, Set.of(EventKind.PEER_LOST), 0)).records().size());
        assertEquals(2, reader.read(new SelQuery(mid, Set.of(), 0)).records().size());
        assertEquals(List.of(4L), reader.read(new SelQuery(null, Set.of(), 1)).records().stream().map(SelRecord::seq).toList());
        assertEquals(List.of(), SelReader.of(dir.resolve("absent")).read(SelQuery.all()).records());
    }

    @Test
    void aFollowerSeesNewRecordsAcrossRotationAndClear() throws Exception {
        try (SystemEventLog sel = open(new SelConfig(dir, 64 << 10, 4))) {
            sel.appendDurably(draft(0));
            try (SelReader.Follower f = SelReader.of(dir).follow(new SelQuery(null, Set.of(EventKind.SERVICE_STARTED), 0))) {
                assertEquals(List.of(), f.poll(), "starts after what exists");
                sel.appendDurably(draft(1));
                f.await(Duration.ofSeconds(5));
                assertEquals(List.of(2L), f.poll().stream().map(SelRecord::seq).toList());
                long seen = 0;
                for (int i = 0; i < 1500; i++) {
                    sel.append(draft(i));
                }
                sel.appendDurably(draft(0));
                seen += f.poll().size();
                assertTrue(sel.stats().rotations() > 0);
                // the follower reads a segment it has not seen yet whole, so nothing is lost unless
                // rotation dropped it before the follower got there (here: 1501 records, 16 KiB segments)
                assertTrue(seen > 0);
                sel.clear("test").join();
                SelRecord after = sel.appendDurably(draft(99));
                List<SelRecord> tail = f.poll();
                assertEquals(after.seq(), tail.getLast().seq());
            }
        }
    }

    /** What data sync may copy of a live log: any byte prefix of a segment reads as whole records, no damage. */
    @Test
    void aCopyTakenMidAppendReadsAsThePrefixOfWholeRecords() throws IOException {
        try (SystemEventLog sel = open(dir.resolve("live"))) {
            for (int i = 0; i < 20; i++) {
                sel.appendDurably(draft(i).with("pad", "y".repeat(i * 3)));
            }
        }
        byte[] seg = Files.readAllBytes(SelSegments.list(dir.resolve("live")).getFirst());
        List<SelRecord> all = SelReader.of(dir.resolve("live")).read(SelQuery.all()).records();
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        int previous = 0;
        for (int len = 0; len <= seg.length; len = len == seg.length ? len + 1 : Math.min(seg.length, len + 11)) {
            Files.write(SelSegments.path(copy, 1), java.util.Arrays.copyOf(seg, len));
            SelReader.Result r = SelReader.of(copy).read(SelQuery.all());
            assertEquals(0, r.damagedBytes(), "prefix " + len);
            assertTrue(r.records().size() >= previous, "prefix " + len);
            assertEquals(all.subList(0, r.records().size()), r.records(), "prefix " + len);
            previous = r.records().size();
        }
        assertEquals(all.size(), previous);
    }

    @Test
    void anUnknownKindFromANewerBuildReadsBackNamed() {
        SelRecord r = new SelRecord(1, Instant.parse("2025-01-01T00:00:00Z"), 5, ScId.SC1, Role.SPARE, 3,
                EventKind.UNRECOGNISED, Severity.INFO, java.util.Map.of("kind_name", "FUTURE_THING", "a", "b"));
        byte[] b = SelCodec.encode(r);
        SelCodec.Whole w = (SelCodec.Whole) SelCodec.decode(b, 0, b.length);
        assertEquals("FUTURE_THING", w.record().kindName());
        assertEquals("b", w.record().field("a"));
    }

    /**
     * append() checked {@code closed} before taking submitLock and not again under it, and close()
     * queues its Stop outside the lock: an append that passed the check while close() ran was queued
     * behind the Stop the writer had already taken, and its future never completed.
     */
    @Test
    void anAppendRacingCloseCompletesOneWayOrTheOther() throws Exception {
        SystemEventLog sel = open(dir);
        java.lang.reflect.Field f = SystemEventLog.class.getDeclaredField("submitLock");
        f.setAccessible(true);
        Object submitLock = f.get(sel);
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<SelRecord>> appended =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread appender;
        synchronized (submitLock) {
            // the appender passes the `closed` check, then waits for the lock
            appender = new Thread(() -> appended.set(sel.append(draft(1))));
            appender.start();
            while (appender.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            sel.close(); // (the monitor is reentrant) closed = true, Stop queued, writer gone
        }
        appender.join();
        CompletableFuture<SelRecord> fut = appended.get();
        try {
            fut.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // refused because the SEL is closed: fine
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("append() racing close() returned a future that never completes", e);
        }
        assertTrue(fut.isDone());
    }

    @Test
    void aFollowerThatCannotReadTheLogReleasesItsWatch() throws Exception {
        Files.createDirectories(dir.resolve("sel-0000000001.log")); // a "segment" that cannot be read
        long before = inotifyInstances();
        for (int i = 0; i < 3; i++) {
            assertThrows(SelException.class, () -> SelReader.of(dir).follow(SelQuery.all()));
        }
        assertEquals(before, inotifyInstances(), "follow() that threw left its WatchService (inotify) open");
    }

    private static long inotifyInstances() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("inotify");
                } catch (IOException gone) {
                    return false; // the listing's own descriptor, closed by now
                }
            }).count();
        }
    }
}

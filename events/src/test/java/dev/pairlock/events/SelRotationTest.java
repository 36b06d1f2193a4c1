package dev.pairlock.events;

import static dev.pairlock.events.SelTestSupport.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation, clear and open against the states a crash leaves between their steps (built by hand, as
 * the files would be), and against a disk that fails; {@link RecordingDisk} shows the order in which
 * syncs and deletes reached the disk.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelRotationTest {
    @TempDir
    Path dir;

    private SelConfig four() {
        return new SelConfig(dir, 64 << 10, 4); // 16 KiB segments, 4 of them
    }

    private static SystemEventLog open(SelConfig cfg, SelDisk disk) {
        return SystemEventLog.open(cfg, ScId.SC0, SystemClock.INSTANCE, InstantSource.system(), disk);
    }

    private static SelRecord record(long seq, EventKind kind, Map<String, String> fields) {
        return new SelRecord(seq, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq), seq, ScId.SC0, Role.UNKNOWN, 0, kind,
                kind.defaultSeverity(), fields);
    }

    private static SelRecord service(long seq) {
        return record(seq, EventKind.SERVICE_STARTED, Map.of("service", "svc" + seq));
    }

    private static SelRecord rotated(long seq, long segment, long firstSeq, long lastSeq, long records) {
        return record(seq, EventKind.SEL_ROTATED, Map.of("segment", "sel-" + String.format("%010d", segment) + ".log",
                "first_seq", String.valueOf(firstSeq), "last_seq", String.valueOf(lastSeq), "records", String.valueOf(records)));
    }

    /** Segment {@code number} as the writer leaves it: its header, then {@code records}. */
    private void segment(long number, SelRecord... records) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(SelCodec.MAGIC);
        for (SelRecord r : records) {
            b.writeBytes(SelCodec.encode(r));
        }
        Files.write(SelSegments.path(dir, number), b.toByteArray());
    }

    private List<SelRecord> all() {
        return SelReader.of(dir).read(SelQuery.all()).records();
    }

    private static List<String> rotatedSegments(List<SelRecord> records) {
        return records.stream().filter(r -> r.kind() == EventKind.SEL_ROTATED).map(r -> r.field("segment")).toList();
    }

    /** A crash after the rotation's new segment was created, before its SEL_ROTATED record: the open finishes it. */
    @Test
    void aRotationCutOffBeforeItsRecordIsRecordedAndFinishedOnOpen() throws IOException {
        for (long n = 1; n <= 4; n++) {
            segment(n, service(n));
        }
        segment(5); // the new segment: header only
        try (SystemEventLog sel = open(four(), SelDisk.SYSTEM)) {
            assertEquals(6, sel.appendDurably(draft(6)).seq());
        }
        assertEquals(List.of(2L, 3L, 4L, 5L), SelSegments.list(dir).stream().map(SelSegments::number).toList());
        List<SelRecord> all = all();
        assertEquals(List.of("sel-0000000001.log"), rotatedSegments(all));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), all.stream().map(SelRecord::seq).toList());
    }

    /**
     * A crash after the SEL_ROTATED record was synced, before the segment it names was deleted: the open
     * deleted it but recorded the rotation a second time, so the log said the same records went twice.
     */
    @Test
    void aRotationCutOffBeforeItsDeleteIsFinishedWithoutASecondRecord() throws IOException {
        for (long n = 1; n <= 4; n++) {
            segment(n, service(n));
        }
        segment(5, service(5), rotated(6, 1, 1, 1, 1));
        try (SystemEventLog sel = open(four(), SelDisk.SYSTEM)) {
            assertEquals(7, sel.appendDurably(draft(7)).seq(), "no record was added on open");
        }
        assertEquals(List.of(2L, 3L, 4L, 5L), SelSegments.list(dir).stream().map(SelSegments::number).toList());
        assertEquals(List.of("sel-0000000001.log"), rotatedSegments(all()));
    }

    /**
     * A crash during a clear, after its SEL_CLEARED record was written, before the old segments were
     * deleted: the open finished the clear by deleting them without making the SEL_CLEARED segment
     * durable first (a kill -9 can come after the write() and before its fdatasync). A power cut then
     * left neither the old records nor the clear's record, and sequence numbers began again at 1.
     */
    @Test
    void finishingAnInterruptedClearSyncsTheClearsRecordBeforeDeletingTheOldSegments() throws IOException {
        segment(1, service(1), service(2));
        segment(2, record(3, EventKind.SEL_CLEARED, Map.of("records", "2")));
        RecordingDisk disk = new RecordingDisk();
        try (SystemEventLog sel = open(SelConfig.in(dir), disk)) {
            assertEquals(4, sel.appendDurably(draft(4)).seq());
        }
        List<String> ops = disk.ops();
        int deleted = ops.indexOf("delete sel-0000000001.log");
        assertTrue(deleted >= 0, ops.toString());
        assertTrue(ops.subList(0, deleted).contains("force sel-0000000002.log"),
                "the old segment was deleted before the SEL_CLEARED segment was synced: " + ops);
    }

    /**
     * A fresh SEL directory's own entry (and those of any parent created with it) was never synced:
     * records acknowledged as durable could vanish with the directory in a power cut.
     */
    @Test
    void aNewDirectoryIsDurableInItsParentBeforeAnythingIsAcknowledged() {
        Path sel = dir.resolve("a").resolve("b").resolve("sc0");
        RecordingDisk disk = new RecordingDisk();
        try (SystemEventLog log = open(SelConfig.in(sel), disk)) {
            log.appendDurably(draft(1));
        }
        List<String> ops = disk.ops();
        int firstForce = ops.indexOf("force sel-0000000001.log");
        for (Path parent : List.of(dir, dir.resolve("a"), dir.resolve("a").resolve("b"))) {
            int synced = ops.indexOf("syncdir " + parent.toAbsolutePath());
            assertTrue(synced >= 0 && synced < firstForce, "directory " + parent + " not synced after its new entry: " + ops);
        }
    }

    /**
     * A write that fails as a segment fills: the writer still went on to rotate after the failed flush,
     * created the next segment on the failing disk and replaced the cause every later append reports
     * ("cannot write or sync") with the rotation's.
     */
    @Test
    void aFailedWriteIsNotFollowedByARotation() throws Exception {
        RecordingDisk disk = new RecordingDisk();
        SelConfig cfg = four();
        try (SystemEventLog sel = open(cfg, disk)) {
            Path seg = SelSegments.path(dir, 1);
            sel.appendDurably(draft(0));
            long one = Files.size(seg) - SelCodec.HEADER; // every draft(0) is this long
            while (Files.size(seg) + 3 * one <= cfg.segmentBytes()) {
                sel.appendDurably(draft(0));
            }
            CountDownLatch writerBusy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            sel.subscribe(r -> {
                if (first.getAndSet(false)) {
                    writerBusy.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            sel.append(draft(0)); // fits; the writer stops in its subscriber
            writerBusy.await();
            CompletableFuture<SelRecord> fits = sel.append(draft(0));
            CompletableFuture<SelRecord> rotates = sel.append(draft(0)); // one batch with `fits`
            disk.failForces();
            release.countDown();
            SelException written = assertThrows(SelException.class, () -> SystemEventLog.join(fits));
            assertTrue(written.getMessage().contains("cannot write or sync the SEL"), written.getMessage());
            SelException next = assertThrows(SelException.class, () -> SystemEventLog.join(rotates));
            assertEquals(written.getMessage(), next.getMessage(), "the first failure is the one reported");
        }
        assertEquals(List.of(SelSegments.path(dir, 1)), SelSegments.list(dir), "no segment begun after the failure: " + disk.ops());
    }
}

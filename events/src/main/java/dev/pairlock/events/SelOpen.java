package dev.pairlock.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an SEL directory into a state the writer can append to, after whatever stopped the last
 * writer: a tail a crash cut off is truncated (it was never acknowledged), a segment a crash left
 * without its header is rewritten, and a clear or a rotation that a crash interrupted after its record
 * is finished (the segments it was deleting go, and no second record of it is written).
 *
 * <p>The newest segment is synced before anything builds on what was read of it: a {@code kill -9}
 * between a write and its {@code fdatasync} leaves records that this process reads from the page cache
 * but that are not on disk yet. The deletes that finish a clear or a rotation rely on its record, and
 * the sequence numbers go on after its last record; without the sync a power cut could take the record
 * and leave the deletes (and the numbers would start again below ones already used).
 */
final class SelOpen {
    private static final Logger LOG = LoggerFactory.getLogger(SelOpen.class);

    record Opened(List<SelSegmentInfo> segments, long nextSeq, long recoveredBytes) {
    }

    private SelOpen() {
    }

    static Opened recover(SelConfig cfg, SelDisk disk) throws IOException {
        Path dir = cfg.dir();
        List<Path> files = SelSegments.list(dir);
        List<SelSegmentInfo> infos = new ArrayList<>();
        long lastSeq = 0;
        long recovered = 0;
        int clearedAt = -1;
        List<SelRecord> rotations = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            boolean isLast = i == files.size() - 1;
            byte[] b = Files.readAllBytes(p);
            if (!SelSegments.hasMagic(b)) {
                if (isLast && b.length < SelCodec.HEADER && isPrefixOfMagic(b)) {
                    // created, then the crash came before its header was synced
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap(SelCodec.MAGIC), 0);
                        disk.force(p, ch, true);
                    }
                    recovered += b.length;
                    infos.add(new SelSegmentInfo(SelSegments.number(p), p, SelCodec.HEADER));
                    continue;
                }
                throw new SelException(p, "is not an SEL segment (no PLSEL01 header): move it out of the SEL directory");
            }
            SelSegments.Scan scan = SelSegments.scan(b, SelCodec.HEADER, b.length, lastSeq);
            SelSegmentInfo info = new SelSegmentInfo(SelSegments.number(p), p, b.length);
            for (SelRecord r : scan.records()) {
                info.add(r.seq());
                if (r.kind() == EventKind.SEL_ROTATED) {
                    rotations.add(r);
                }
            }
            if (!scan.records().isEmpty()) {
                lastSeq = scan.records().getLast().seq();
                if (scan.records().getFirst().kind() == EventKind.SEL_CLEARED) {
                    clearedAt = i;
                }
            }
            if (scan.damagedBytes() > 0) {
                LOG.warn("{}: {} damaged bytes stepped over (first at {})", p, scan.damagedBytes(), scan.firstDamage());
            }
            if (scan.tailBytes() > 0) {
                if (isLast) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.truncate(scan.end());
                        disk.force(p, ch, true);
                    }
                    recovered += scan.tailBytes();
                    info.bytes = scan.end();
                    LOG.warn("{}: cut off {} bytes of an incomplete record at offset {}", p, scan.tailBytes(), scan.end());
                } else {
                    LOG.warn("{}: {} bytes at the end form no record; left as they are", p, scan.tailBytes());
                }
            } else if (isLast) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    disk.force(p, ch, false); // see the class comment
                }
            }
            infos.add(info);
        }
        List<SelSegmentInfo> finished = new ArrayList<>();
        for (int i = 0; i < infos.size() - 1; i++) { // the newest holds the record, never goes
            SelSegmentInfo s = infos.get(i);
            if (i < clearedAt) {
                // a clear wrote its record, then the crash came before the old segments were deleted
                finished.add(s);
            } else if (rotations.stream().anyMatch(r -> names(r, s))) {
                // a rotation wrote its record, then the crash came before this segment was deleted
                LOG.info("{}: deleting it to finish a rotation a crash interrupted", s.path);
                finished.add(s);
            }
        }
        if (!finished.isEmpty()) {
            for (SelSegmentInfo s : finished) {
                disk.delete(s.path);
                infos.remove(s);
            }
            disk.syncDirectory(dir);
        }
        if (infos.isEmpty()) {
            infos.add(SelSegmentSet.createSegment(dir, 1, disk));
        }
        return new Opened(infos, lastSeq + 1, recovered);
    }

    /** Whether {@code rotated}, a SEL_ROTATED record, is the record of {@code s} going (its file and its range). */
    private static boolean names(SelRecord rotated, SelSegmentInfo s) {
        return s.path.getFileName().toString().equals(rotated.field("segment"))
                && String.valueOf(s.firstSeq).equals(rotated.field("first_seq"))
                && String.valueOf(s.lastSeq).equals(rotated.field("last_seq"))
                && String.valueOf(s.records).equals(rotated.field("records"));
    }

    private static boolean isPrefixOfMagic(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != SelCodec.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}

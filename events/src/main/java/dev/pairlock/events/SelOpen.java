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
 * without its header is rewritten, and a clear that a crash interrupted is finished.
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
            }
            infos.add(info);
        }
        if (clearedAt > 0) {
            // a clear wrote its record, then the crash came before the old segments were deleted
            for (SelSegmentInfo s : new ArrayList<>(infos.subList(0, clearedAt))) {
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

    private static boolean isPrefixOfMagic(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != SelCodec.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}

package dev.pairlock.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment files as the writer knows them, oldest first, and the channel of the newest one, which
 * every record is appended to. Creating a segment and deleting segments are durable (file and
 * directory entry) before these methods return.
 *
 * <p>Thread confinement, no lock: built by {@link SystemEventLog#open} before the writer thread
 * starts ({@link Thread#start} publishes it), then used only on that thread, until
 * {@link SystemEventLog#close} calls {@link #closeActive} after joining it (the join publishes the last
 * channel back).
 */
final class SelSegmentSet {
    private final Path dir;
    private final SelDisk disk;
    /** Oldest first, never empty; the last is the one appended to. Its infos' sizes and ranges are the files'. */
    private final List<SelSegmentInfo> segments;
    /** Open for writing on {@code segments.getLast()}. */
    private FileChannel active;

    SelSegmentSet(Path dir, SelDisk disk, List<SelSegmentInfo> segments) throws IOException {
        this.dir = dir;
        this.disk = disk;
        this.segments = segments;
        this.active = FileChannel.open(segments.getLast().path, StandardOpenOption.WRITE);
    }

    SelSegmentInfo last() {
        return segments.getLast();
    }

    int size() {
        return segments.size();
    }

    /** A copy of the oldest {@code count}. */
    List<SelSegmentInfo> oldest(int count) {
        return new ArrayList<>(segments.subList(0, count));
    }

    /** A copy of all of them. */
    List<SelSegmentInfo> all() {
        return new ArrayList<>(segments);
    }

    /** Writes {@code bytes} at the end of the newest segment and {@code fdatasync}s it; then counts them in. */
    void writeDurably(byte[] bytes) throws IOException {
        SelSegmentInfo seg = segments.getLast();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long pos = seg.bytes;
        while (b.hasRemaining()) {
            pos += active.write(b, pos);
        }
        disk.force(seg.path, active, false);
        seg.bytes += bytes.length;
    }

    /** Creates the next segment (durably) and appends to it from now on. */
    void begin() throws IOException {
        SelSegmentInfo next = createSegment(dir, segments.getLast().number + 1, disk);
        active.close();
        active = FileChannel.open(next.path, StandardOpenOption.WRITE);
        segments.add(next);
    }

    /** Deletes {@code drop} (oldest first), then syncs the directory so that the deletes are durable. */
    void delete(List<SelSegmentInfo> drop) throws IOException {
        for (SelSegmentInfo s : drop) {
            disk.delete(s.path);
            segments.remove(s);
        }
        disk.syncDirectory(dir);
    }

    void closeActive() throws IOException {
        active.close();
    }

    /** Creates segment {@code number} holding only its header, durably (file and directory entry). */
    static SelSegmentInfo createSegment(Path dir, long number, SelDisk disk) throws IOException {
        Path p = SelSegments.path(dir, number);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(SelCodec.MAGIC));
            disk.force(p, ch, true);
        }
        disk.syncDirectory(dir);
        return new SelSegmentInfo(number, p, SelCodec.HEADER);
    }
}

package dev.pairlock.events;

import java.nio.file.Path;

/** What the writer knows of one segment file: its number, sequence range, record count and size. */
final class SelSegmentInfo {
    final long number;
    final Path path;
    long firstSeq = -1;
    long lastSeq = -1;
    long records;
    long bytes;

    SelSegmentInfo(long number, Path path, long bytes) {
        this.number = number;
        this.path = path;
        this.bytes = bytes;
    }

    void add(long seq) {
        if (records == 0) {
            firstSeq = seq;
        }
        lastSeq = seq;
        records++;
    }
}

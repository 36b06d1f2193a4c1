package dev.pairlock.events;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The segment files of one SEL directory, {@code sel-NNNNNNNNNN.log} numbered upwards, and the scan of
 * one segment's bytes into records. Shared by the writer (which repairs the tail on open) and the
 * readers (which may run while the writer appends, or on a copy that data sync made mid-append).
 */
final class SelSegments {
    private static final Pattern NAME = Pattern.compile("sel-(\\d{10})\\.log");

    private SelSegments() {
    }

    static Path path(Path dir, long number) {
        return dir.resolve(String.format("sel-%010d.log", number));
    }

    /** The segment's number, or -1 when {@code p} is not a segment file. */
    static long number(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The segment files of {@code dir}, oldest first; none when the directory does not exist. */
    static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (number(p) >= 0) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new SelException(dir, "cannot list the SEL directory (" + e.getMessage() + ")", e);
        }
        out.sort((a, b) -> Long.compare(number(a), number(b)));
        return out;
    }

    /**
     * The records of one segment's bytes from {@code from} (the header's end, or where a previous
     * scan stopped) to {@code end}.
     *
     * @param records         intact records in file order
     * @param end             where the last intact record ends: the next scan starts here
     * @param damagedBytes    bytes skipped between intact records (damage found and stepped over)
     * @param tailBytes       bytes after {@code end} that form no intact record: a record being written
     *                        now, or one a crash cut off
     */
    record Scan(List<SelRecord> records, int end, int damagedBytes, int tailBytes, String firstDamage) {
    }

    /**
     * Scans {@code b[from, limit)}. A damaged or cut frame followed by an intact record with a higher
     * sequence number (found by trying every later offset: a CRC-32C false match has odds of 2^-32) is
     * damage and stepped over; one with nothing intact after it is the tail. A crash can only tear the
     * tail: every record before an acknowledged one was fsynced before it.
     */
    static Scan scan(byte[] b, int from, int limit, long afterSeq) {
        List<SelRecord> out = new ArrayList<>();
        int off = from;
        int damaged = 0;
        long last = afterSeq;
        String firstDamage = null;
        while (off < limit) {
            SelCodec.Frame f = SelCodec.decode(b, off, limit);
            if (f instanceof SelCodec.Whole w && w.record().seq() > last) {
                out.add(w.record());
                last = w.record().seq();
                off = w.next();
                continue;
            }
            int resume = resync(b, off + 1, limit, last);
            if (resume < 0) {
                break;
            }
            if (firstDamage == null) {
                firstDamage = "offset " + off + ": " + describe(f, last);
            }
            damaged += resume - off;
            off = resume;
        }
        return new Scan(out, off, damaged, limit - off, firstDamage);
    }

    private static String describe(SelCodec.Frame f, long last) {
        return switch (f) {
            case SelCodec.Damaged d -> d.why();
            case SelCodec.Incomplete i -> "a frame runs past the end of the file";
            case SelCodec.Whole w -> "sequence number " + w.record().seq() + " does not follow " + last;
        };
    }

    private static int resync(byte[] b, int from, int limit, long afterSeq) {
        for (int off = from; off + 8 + SelCodec.MIN_PAYLOAD <= limit; off++) {
            if (SelCodec.decode(b, off, limit) instanceof SelCodec.Whole w && w.record().seq() > afterSeq) {
                return off;
            }
        }
        return -1;
    }

    static boolean hasMagic(byte[] b) {
        if (b.length < SelCodec.HEADER) {
            return false;
        }
        for (int i = 0; i < SelCodec.HEADER; i++) {
            if (b[i] != SelCodec.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}

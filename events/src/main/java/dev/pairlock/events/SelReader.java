package dev.pairlock.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads an SEL directory without its lock: while pairlockd appends to it, when it is down, or a copy
 * data sync made of the peer's log (a copy taken mid-append ends in a partial record, which reads as
 * the tail, never as damage). Damage inside a segment is stepped over and counted.
 */
public final class SelReader {
    private final Path dir;

    private SelReader(Path dir) {
        this.dir = dir;
    }

    public static SelReader of(Path dir) {
        return new SelReader(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * @param records      the matching records, oldest first (the last {@code limit} if the query has one)
     * @param damagedBytes bytes stepped over as damage (0 in a healthy log)
     */
    public record Result(List<SelRecord> records, long damagedBytes) {
    }

    /** The records matching {@code q}; an empty result when the directory does not exist. */
    public Result read(SelQuery q) {
        ArrayDeque<SelRecord> out = new ArrayDeque<>();
        long damaged = 0;
        long last = 0;
        for (Path p : SelSegments.list(dir)) {
            byte[] b;
            try {
                b = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                continue; // rotated away while we listed
            } catch (IOException e) {
                throw new SelException(p, "cannot read (" + e.getMessage() + ")", e);
            }
            if (!SelSegments.hasMagic(b)) {
                continue; // a segment being created right now, or a file that is no segment
            }
            SelSegments.Scan s = SelSegments.scan(b, SelCodec.HEADER, b.length, last);
            damaged += s.damagedBytes();
            for (SelRecord r : s.records()) {
                last = r.seq();
                if (q.matches(r)) {
                    out.addLast(r);
                    if (q.limit() > 0 && out.size() > q.limit()) {
                        out.removeFirst();
                    }
                }
            }
        }
        return new Result(List.copyOf(out), damaged);
    }

    /**
     * The records of several logs (this SC's and the copy of the peer's that data sync keeps) matching
     * {@code q}, in wall-clock order (then SC, then sequence number); the last {@code q.limit()} of them.
     * Damage counts add up.
     */
    public static Result readMerged(java.util.List<Path> dirs, SelQuery q) {
        List<SelRecord> all = new ArrayList<>();
        long damaged = 0;
        for (Path d : dirs) {
            Result r = of(d).read(q);
            all.addAll(r.records());
            damaged += r.damagedBytes();
        }
        all.sort(java.util.Comparator.comparing(SelRecord::wall).thenComparing(SelRecord::sc).thenComparingLong(SelRecord::seq));
        if (q.limit() > 0 && all.size() > q.limit()) {
            all = all.subList(all.size() - q.limit(), all.size());
        }
        return new Result(List.copyOf(all), damaged);
    }

    /**
     * A follower that returns, at each {@link Follower#poll()}, the records appended since the last
     * call, starting after the records that exist now ({@code scctl events --follow} prints those
     * first with {@link #read}).
     */
    public Follower follow(SelQuery q) {
        Follower f = new Follower(q);
        f.watch(); // before reading: a change between the read and the first await is not missed
        boolean ok = false;
        try {
            f.skipToEnd();
            ok = true;
            return f;
        } finally {
            if (!ok) {
                f.close(); // the caller never gets it to close: the inotify instance would leak
            }
        }
    }

    /** Follows a growing log; not thread-safe (one reader loop owns it). */
    public final class Follower implements AutoCloseable {
        private final SelQuery query;
        private long segment = -1;
        private long offset;
        private long lastSeq;
        private WatchService watch;

        private Follower(SelQuery query) {
            this.query = query;
        }

        private void skipToEnd() {
            poll();
        }

        /** Records appended since the previous call that match the query, oldest first. */
        public List<SelRecord> poll() {
            List<SelRecord> out = new ArrayList<>();
            for (Path p : SelSegments.list(dir)) {
                long n = SelSegments.number(p);
                if (n < segment) {
                    continue;
                }
                if (n > segment) {
                    segment = n;
                    offset = SelCodec.HEADER;
                }
                byte[] b = readFrom(p, offset);
                if (b == null) {
                    continue;
                }
                SelSegments.Scan s = SelSegments.scan(b, 0, b.length, lastSeq);
                for (SelRecord r : s.records()) {
                    lastSeq = r.seq();
                    if (query.matches(r)) {
                        out.add(r);
                    }
                }
                offset += s.end();
            }
            return out;
        }

        private byte[] readFrom(Path p, long from) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < from || size < SelCodec.HEADER) {
                    return null;
                }
                ByteBuffer b = ByteBuffer.allocate((int) (size - from));
                while (b.hasRemaining() && ch.read(b, from + b.position()) >= 0) {
                    // read to the size seen at open; what is appended meanwhile comes next poll
                }
                return b.array();
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new SelException(p, "cannot read (" + e.getMessage() + ")", e);
            }
        }

        private void watch() {
            try {
                Files.createDirectories(dir);
                watch = FileSystems.getDefault().newWatchService();
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException e) {
                throw new SelException(dir, "cannot watch the SEL directory (" + e.getMessage() + ")", e);
            }
        }

        /**
         * Waits until the directory changes or {@code timeout} passes (whichever is first); then call
         * {@link #poll()}. Uses the file system's change notification (inotify on Linux).
         */
        public void await(Duration timeout) throws InterruptedException {
            try {
                WatchKey k = watch.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            } catch (ClosedWatchServiceException e) {
                throw new InterruptedException("the follower was closed");
            }
        }

        @Override
        public void close() {
            if (watch != null) {
                try {
                    watch.close();
                } catch (IOException ignored) {
                    // nothing is left to release
                }
            }
        }
    }
}

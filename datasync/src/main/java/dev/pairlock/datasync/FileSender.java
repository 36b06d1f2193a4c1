package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The MAIN's sending of one file's content within a pass of a {@link SenderSession}, on the sender's
 * thread: whole in one record or in chunks, its SHA-256, and the two ways a file can fail here that
 * are not the link's: it changed after the scan (the SPARE discards it, it is sent again at once),
 * or it could not be read ({@link LocalReadError}: that file fails, the session goes on).
 */
final class FileSender {
    private final RecordChannel ch;
    private final Wire.Out out;
    private final Counters counters;
    private final List<String> changedWhileSent;
    private final MessageDigest sha = ReceivePass.sha256();

    /** {@code out}: the session's message buffer (one sending thread); {@code changedWhileSent}: the pass's list. */
    FileSender(RecordChannel ch, Wire.Out out, Counters counters, List<String> changedWhileSent) {
        this.ch = ch;
        this.out = out;
        this.counters = counters;
        this.changedWhileSent = changedWhileSent;
    }

    /**
     * Opening or reading the MAIN's own file failed (ELOOP, EACCES, EIO, shorter than the SPARE's
     * part): a failure of that file, not of the link. Thrown before any record of the file is sent,
     * or after its FILE_END; the cause is the file system's error.
     */
    static final class LocalReadError extends IOException {
        private static final long serialVersionUID = 1L;

        LocalReadError(IOException cause) {
            super(cause);
        }
    }

    /** A read of the local file, whose failure is the file's ({@link LocalReadError}), not the session's. */
    private interface LocalRead<T> {
        T read() throws IOException;
    }

    private static <T> T local(LocalRead<T> r) throws LocalReadError {
        try {
            return r.read();
        } catch (IOException x) {
            throw new LocalReadError(x);
        }
    }

    /** Sends one file from {@code offset}; the bytes sent, or -1 if preempted mid-file (the SPARE keeps the part). */
    long send(int index, Entry e, Path p, long offset, BooleanSupplier preempt, Pacer pacer) throws IOException {
        sha.reset();
        FileChannel f;
        try {
            f = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            sourceChanged(index, e);
            return 0;
        } catch (IOException x) {
            throw new LocalReadError(x);
        }
        try {
            if (e.size() <= Msg.WHOLE_MAX) {
                Wire.Out m = RecordChannel.message(out, Msg.FILE_WHOLE).u32(index);
                int digestAt = m.length();
                m.advance0(32);
                int dataAt = m.length();
                int n = local(() -> readUpTo(f, m.reserve((int) e.size() + 1), dataAt, (int) e.size() + 1, 0));
                if (n != e.size() || local(() -> changed(p, e))) {
                    sourceChanged(index, e);
                    return 0;
                }
                sha.update(m.array(), dataAt, n);
                System.arraycopy(sha.digest(), 0, m.array(), digestAt, 32);
                m.advance(n);
                pacer.acquire(n);
                ch.send(m);
                counters.filesSent.incrementAndGet();
                counters.dataBytesSent.addAndGet(n);
                return n;
            }
            if (offset > 0) {
                local(() -> hashPrefix(f, sha, offset));
            }
            ch.send(RecordChannel.message(out, Msg.FILE_BEGIN).u32(index).i64(offset));
            try {
                return sendChunks(e, p, f, offset, preempt, pacer);
            } catch (LocalReadError x) {
                // the SPARE keeps what came (read from this file); the retry resumes it, and the SHA-256 checks the whole
                ch.send(RecordChannel.message(out, Msg.FILE_END).u8(Msg.END_SUSPENDED));
                throw x;
            }
        } finally {
            try {
                f.close();
            } catch (IOException ignored) {
                // read-only: nothing was lost
            }
        }
    }

    /** The chunks of a file from {@code offset} on, after its FILE_BEGIN, and its FILE_END. */
    private long sendChunks(Entry e, Path p, FileChannel f, long offset, BooleanSupplier preempt, Pacer pacer)
            throws IOException {
        long pos = offset;
        long sent = 0;
        while (pos < e.size()) {
            if (preempt.getAsBoolean()) {
                ch.send(RecordChannel.message(out, Msg.FILE_END).u8(Msg.END_SUSPENDED));
                return -1;
            }
            Wire.Out m = RecordChannel.message(out, Msg.FILE_DATA);
            int want = (int) Math.min(Msg.CHUNK, e.size() - pos);
            long at = pos;
            int n = local(() -> readUpTo(f, m.reserve(want), m.length(), want, at));
            if (n <= 0) {
                break; // shorter than the manifest said: it changed
            }
            sha.update(m.array(), m.length(), n);
            m.advance(n);
            pacer.acquire(n);
            ch.send(m);
            pos += n;
            sent += n;
            counters.dataBytesSent.addAndGet(n);
        }
        if (pos != e.size() || local(f::size) != e.size() || local(() -> changed(p, e))) {
            ch.send(RecordChannel.message(out, Msg.FILE_END).u8(Msg.END_SOURCE_CHANGED));
            changedWhileSent.add(e.rel());
            return sent;
        }
        ch.send(RecordChannel.message(out, Msg.FILE_END).u8(Msg.END_OK).bytes(sha.digest()));
        counters.filesSent.incrementAndGet();
        return sent;
    }

    /** The file changed after the scan: the SPARE discards what it has, and the item has work again. */
    private void sourceChanged(int index, Entry e) throws IOException {
        ch.send(RecordChannel.message(out, Msg.FILE_BEGIN).u32(index).i64(0));
        ch.send(RecordChannel.message(out, Msg.FILE_END).u8(Msg.END_SOURCE_CHANGED));
        changedWhileSent.add(e.rel());
    }

    /** Whether the file is no longer what the manifest said (so what was read may be a mix of versions). */
    private static boolean changed(Path p, Entry e) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = java.nio.file.Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return true;
        }
        return !a.isRegularFile() || a.size() != e.size() || TreeScanner.nanos(a.lastModifiedTime()) != e.mtimeNanos();
    }

    private static int readUpTo(FileChannel f, byte[] buf, int off, int len, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            int r = f.read(b, pos + b.position() - off);
            if (r < 0) {
                break;
            }
        }
        return b.position() - off;
    }

    private static Void hashPrefix(FileChannel f, MessageDigest sha, long upTo) throws IOException {
        byte[] buf = new byte[Msg.CHUNK];
        long pos = 0;
        while (pos < upTo) {
            int n = readUpTo(f, buf, 0, (int) Math.min(buf.length, upTo - pos), pos);
            if (n <= 0) {
                throw new IOException("the file is shorter than the " + upTo + " bytes the SPARE already has");
            }
            sha.update(buf, 0, n);
            pos += n;
        }
        return null;
    }
}

package dev.pairlock.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per SEL directory: an exclusive lock on its {@code sel.lock} file, which holds the
 * writer's pid so that a refused second writer (scctl while pairlockd runs) can say who has it. Readers
 * never take it. The kernel drops the lock when the process dies, so a {@code kill -9} leaves nothing
 * to clean up.
 */
final class SelDirLock {
    static final String FILE = "sel.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SelDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which must exist) and writes this process' pid into it.
     *
     * @throws SelException when another process (or another SEL in this one) holds it, naming its pid
     */
    static SelDirLock take(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM (a second open of the same directory)
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
                throw new SelException(dir, "the SEL is open for writing by another process"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": go through pairlockd (scctl events), or stop it first");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new SelDirLock(ch, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Releases the lock: only once the writer has stopped, since the next writer may open at once. */
    void release() throws IOException {
        lock.release();
        channel.close();
    }

    /** Releases it after an open that failed (that failure is the one to report). */
    void releaseQuietly() {
        closeQuietly(channel); // closing the channel releases its lock
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the open failed already; that error is the one to report
        }
    }
}

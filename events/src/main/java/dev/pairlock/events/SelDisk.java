package dev.pairlock.events;

import dev.pairlock.config.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calls that make the SEL's files durable, and the deletes whose order against them matters. The
 * writer, the rotation and the recovery on open go through this, never through {@code force} or
 * {@code Files.delete} directly, so that a test can see the order in which things reached the disk
 * (what a power cut at each point would leave) and make a sync fail; {@link #SYSTEM} is the real disk.
 */
interface SelDisk {
    /** {@code fdatasync} ({@code metadata} false) or {@code fsync} of {@code file}, open as {@code ch}. */
    void force(Path file, FileChannel ch, boolean metadata) throws IOException;

    /** Makes the entries created or deleted in {@code dir} durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Deletes {@code file} if it is there; durable only after {@link #syncDirectory} of its directory. */
    void delete(Path file) throws IOException;

    /**
     * Creates {@code dir} and any parent missing, then syncs the parent of each directory it created: a
     * segment synced into a directory whose own entry is not yet durable is lost with it in a power cut.
     */
    default void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(abs);
        for (Path p = abs; !p.equals(existing) && p.getParent() != null; p = p.getParent()) {
            syncDirectory(p.getParent());
        }
    }

    SelDisk SYSTEM = new SelDisk() {
        @Override
        public void force(Path file, FileChannel ch, boolean metadata) throws IOException {
            ch.force(metadata);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            AtomicFiles.syncDirectory(dir);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }
    };
}

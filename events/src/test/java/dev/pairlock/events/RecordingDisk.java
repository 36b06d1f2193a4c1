package dev.pairlock.events;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real disk, with a log of every sync and delete in the order they happened ({@code "force
 * sel-0000000002.log"}, {@code "syncdir <path>"}, {@code "delete sel-0000000001.log"}), so that a test
 * can check what a power cut between two of them would leave; and a switch that makes every later
 * {@code force} fail as a dying disk does.
 */
final class RecordingDisk implements SelDisk {
    private final List<String> ops = new ArrayList<>();
    private volatile boolean failForces;

    @Override
    public synchronized void force(Path file, FileChannel ch, boolean metadata) throws IOException {
        if (failForces) {
            ops.add("force-failed " + file.getFileName());
            throw new IOException("Input/output error (injected)");
        }
        SelDisk.SYSTEM.force(file, ch, metadata);
        ops.add("force " + file.getFileName());
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        SelDisk.SYSTEM.syncDirectory(dir);
        ops.add("syncdir " + dir);
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        SelDisk.SYSTEM.delete(file);
        ops.add("delete " + file.getFileName());
    }

    void failForces() {
        failForces = true;
    }

    synchronized List<String> ops() {
        return List.copyOf(ops);
    }
}

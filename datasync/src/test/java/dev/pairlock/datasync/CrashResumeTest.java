package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer cut by a {@code kill -9} of either side (a child JVM) resumes from the part file, and
 * the target is never seen partial: a watcher reads it every millisecond throughout.
 */
@Timeout(300)
class CrashResumeTest {
    private static final long SIZE = 24L << 20;
    private static final long RATE = 6L << 20; // 6 MiB/s: the transfer takes seconds, long enough to cut
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    /** Watches a target: whenever it exists it must be whole. */
    private static final class NoPartialFile implements AutoCloseable {
        final List<String> violations = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;
        volatile long seenWhole;

        NoPartialFile(Path target, long size) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        long s = Files.size(target);
                        if (s != size) {
                            violations.add("visible with " + s + " of " + size + " bytes");
                        } else {
                            seenWhole++;
                        }
                    } catch (IOException absent) {
                        // not there yet: fine
                    }
                    Thread.onSpinWait();
                }
            }, "no-partial-file");
            thread.start();
        }

        /** Stops watching and waits for the watcher to end. */
        void stop() {
            stop.set(true);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    private static long partSize(Path dir) throws IOException {
        long s = -1;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PathFilter.PART_PREFIX + "*")) {
            for (Path p : ds) {
                s = Math.max(s, Files.size(p));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        }
        return s;
    }

    @Test
    void theReceiverKilledMidTransferResumesAndNeverShowsAPartialFile() throws Exception {
        Path main = tmp.resolve("sc0");
        Path spare = tmp.resolve("sc1");
        Files.createDirectories(main.resolve("images"));
        VolumeSyncTest.writeRandom(main.resolve("images/fw.bin"), SIZE, 3);
        Path target = spare.resolve("images/fw.bin");
        SideProcess.Child child = SideProcess.Child.start(SyncRole.SPARE, ScId.SC1, spare, 0, Pair.KEY, 1, 0, "images=2");
        try (Relay relay = new Relay(child.port); NoPartialFile watch = new NoPartialFile(target, SIZE)) {
            SyncConfig cfg = new SyncConfig(true, 0, List.of(new SyncLink(SyncLink.Name.PRIMARY,
                    new Endpoint("127.0.0.1", relay.port()), Optional.empty())), Duration.ofSeconds(5), Duration.ofSeconds(1),
                    RATE, List.of(SyncItem.immediate("images", Path.of("/images"), 2).withRetries(20, Duration.ofMillis(200))))
                    .under(main);
            try (DatasyncEngine e0 = DatasyncEngine.builder(cfg, Pair.KEY).self(ScId.SC0).firmware("1.0")
                    .listenOn(List.of(new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress()))).build()) {
                e0.start();
                e0.setRole(SyncRole.MAIN, 1);
                Pair.await(WAIT, () -> uncheckedPartSize(spare.resolve("images")) > 4L << 20, () -> "the transfer did not start");
                child.kill();
                long sentBeforeKill = e0.counters().dataBytesSent();
                long part = partSize(spare.resolve("images"));
                assertTrue(part > 0 && part < SIZE, "the part left by the kill: " + part);
                assertTrue(!Files.exists(target), "the target appeared before the file was complete");

                child = SideProcess.Child.start(SyncRole.SPARE, ScId.SC1, spare, 0, Pair.KEY, 1, 0, "images=2");
                relay.target(child.port);
                Pair.await(WAIT, () -> Files.exists(target) && e0.status().priority(2).state() == SyncState.IN_SYNC,
                        () -> e0.status().describe());
                long sentAfter = e0.counters().dataBytesSent() - sentBeforeKill;
                System.out.println("killed with a part of " + part + " bytes; the resumed session sent " + sentAfter
                        + " of " + SIZE + " bytes");
                assertTrue(sentAfter <= SIZE - part + Msg.CHUNK * 8L, "it did not resume: sent " + sentAfter + " after the kill");
            }
            Thread.sleep(20);
            watch.stop();
            assertEquals(List.of(), watch.violations);
            assertTrue(watch.seenWhole > 0);
            assertArrayEquals(VolumeSyncTest.sha256(main.resolve("images/fw.bin")), VolumeSyncTest.sha256(target));
            assertEquals(-1, partSize(spare.resolve("images")), "a stale part was left behind");
        } finally {
            child.kill();
        }
    }

    @Test
    void theSenderKilledMidTransferIsResumedByTheNextMain() throws Exception {
        Path spareRoot = tmp.resolve("sc1");
        Path target = spareRoot.resolve("images/fw.bin");
        // the SPARE runs here; the first MAIN in a child JVM
        Pair.Side sc1 = new Pair.Side(ScId.SC1, spareRoot);
        Path main = tmp.resolve("sc0");
        Files.createDirectories(main.resolve("images"));
        VolumeSyncTest.writeRandom(main.resolve("images/fw.bin"), SIZE, 4);
        SyncConfig spareCfg = new SyncConfig(true, sc1.port(), List.of(new SyncLink(SyncLink.Name.PRIMARY,
                new Endpoint("127.0.0.1", 1), Optional.empty())), Duration.ofSeconds(5), Duration.ofSeconds(1), 0,
                List.of(SyncItem.immediate("images", Path.of("/images"), 2))).under(spareRoot);
        try (DatasyncEngine e1 = DatasyncEngine.builder(spareCfg, Pair.KEY).self(ScId.SC1).firmware("1.0")
                .listenOn(List.of(sc1.socket)).build(); NoPartialFile watch = new NoPartialFile(target, SIZE)) {
            e1.start();
            e1.setRole(SyncRole.SPARE, 1);
            SideProcess.Child child = SideProcess.Child.start(SyncRole.MAIN, ScId.SC0, main, sc1.port(), Pair.KEY, 1, RATE,
                    "images=2");
            try {
                Pair.await(WAIT, () -> uncheckedPartSize(spareRoot.resolve("images")) > 4L << 20, () -> "the transfer did not start");
            } finally {
                child.kill();
            }
            long part = partSize(spareRoot.resolve("images"));
            assertTrue(part > 0 && part < SIZE, "the part left by the kill: " + part);

            // the next MAIN (here: a new process of the same SC, unthrottled) resumes
            SyncConfig mainCfg = new SyncConfig(true, 0, List.of(new SyncLink(SyncLink.Name.PRIMARY,
                    new Endpoint("127.0.0.1", sc1.port()), Optional.empty())), Duration.ofSeconds(5), Duration.ofSeconds(1), 0,
                    List.of(SyncItem.immediate("images", Path.of("/images"), 2))).under(main);
            try (DatasyncEngine e0 = DatasyncEngine.builder(mainCfg, Pair.KEY).self(ScId.SC0).firmware("1.0")
                    .listenOn(List.of(new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress()))).build()) {
                e0.start();
                e0.setRole(SyncRole.MAIN, 1);
                Pair.awaitInSync(e0, 2, WAIT);
                assertTrue(e1.counters().bytesResumed() > 0, "the SPARE did not offer its part: " + e1.counters());
                assertTrue(e0.counters().dataBytesSent() <= SIZE - part + Msg.CHUNK, "sent " + e0.counters().dataBytesSent()
                        + " with a part of " + part);
            }
            Thread.sleep(20);
            watch.stop();
            assertEquals(List.of(), watch.violations);
            assertArrayEquals(VolumeSyncTest.sha256(main.resolve("images/fw.bin")), VolumeSyncTest.sha256(target));
        }
    }

    private static long uncheckedPartSize(Path dir) {
        try {
            return partSize(dir);
        } catch (IOException e) {
            return -1;
        }
    }
}

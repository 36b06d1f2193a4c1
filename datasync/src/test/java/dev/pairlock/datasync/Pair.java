package dev.pairlock.datasync;

import dev.pairlock.config.PairKey;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.crypto.SecretKey;

/**
 * Two data sync engines on this machine over loopback, as SC0 and SC1 of one chassis: each with its
 * own directory standing for its file system, the same item names, and its own listening socket.
 */
final class Pair implements AutoCloseable {
    static final SecretKey KEY = newKey();

    static SecretKey newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return PairKey.of(k).derive("pairlock datasync v1");
    }

    /** One SC: its root directory, engine, and what its listener heard. */
    static final class Side {
        final ScId sc;
        final Path root;
        final ServerSocket socket;
        DatasyncEngine engine;
        final List<DatasyncEvent> events = new CopyOnWriteArrayList<>();
        final List<DatasyncStatus> statuses = new CopyOnWriteArrayList<>();

        Side(ScId sc, Path root) throws IOException {
            this(sc, root, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        Side(ScId sc, Path root, ServerSocket socket) throws IOException {
            this.sc = sc;
            this.root = root;
            Files.createDirectories(root);
            this.socket = socket;
        }

        int port() {
            return socket.getLocalPort();
        }

        Path path(String rel) {
            return root.resolve(rel);
        }

        DatasyncListener listener() {
            return new DatasyncListener() {
                @Override
                public void onStatus(DatasyncStatus status) {
                    statuses.add(status);
                }

                @Override
                public void onEvent(DatasyncEvent event) {
                    events.add(event);
                }
            };
        }
    }

    /** How to build each side's config and engine; tests override what they need. */
    static class Options {
        Duration linkTimeout = Duration.ofSeconds(2);
        Duration probeInterval = Duration.ofMillis(300);
        long bandwidth;
        String fw0 = "1.0";
        String fw1 = "1.0";
        SecretKey key0 = KEY;
        SecretKey key1 = KEY;
        Clock clock;
        Scheduler scheduler0;
        Scheduler scheduler1;
        /** A side's own changes to the items (a test that makes the two SCs' lists differ). */
        java.util.function.BiFunction<ScId, List<SyncItem>, List<SyncItem>> adjust = (sc, items) -> items;
        /** Links of a side given its peer's port: default one primary on 127.0.0.1. */
        Function<Side, List<SyncLink>> links = peer -> List.of(
                new SyncLink(SyncLink.Name.PRIMARY, new Endpoint("127.0.0.1", peer.port()), Optional.empty()));
    }

    final Side sc0;
    final Side sc1;

    Pair(Path dir, Function<Path, List<SyncItem>> items, Options o) throws IOException {
        sc0 = new Side(ScId.SC0, dir.resolve("sc0"));
        sc1 = new Side(ScId.SC1, dir.resolve("sc1"));
        sc0.engine = engine(sc0, sc1, items, o, o.fw0, o.key0, o.scheduler0);
        sc1.engine = engine(sc1, sc0, items, o, o.fw1, o.key1, o.scheduler1);
        sc0.engine.start();
        sc1.engine.start();
    }

    Pair(Path dir, Function<Path, List<SyncItem>> items) throws IOException {
        this(dir, items, new Options());
    }

    /**
     * {@code items} names paths as both SCs do (it is given "/": {@code root.resolve("etc")} is /etc); each
     * side keeps them below its own directory ({@link SyncConfig#under}).
     */
    static SyncConfig config(Side self, Side peer, Function<Path, List<SyncItem>> items, Options o) {
        return new SyncConfig(true, self.port(), o.links.apply(peer), o.linkTimeout, o.probeInterval, o.bandwidth,
                o.adjust.apply(self.sc, items.apply(Path.of("/")))).under(self.root);
    }

    private static DatasyncEngine engine(Side self, Side peer, Function<Path, List<SyncItem>> items, Options o, String fw,
                                         SecretKey key, Scheduler scheduler) throws IOException {
        DatasyncEngine.Builder b = DatasyncEngine.builder(config(self, peer, items, o), key).self(self.sc).firmware(fw)
                .listener(self.listener()).listenOn(List.of(self.socket));
        if (o.clock != null) {
            b.clock(o.clock);
        }
        if (scheduler != null) {
            b.scheduler(scheduler);
        }
        return b.build();
    }

    /** SC0 MAIN and SC1 SPARE in {@code epoch}. */
    Pair mainIs0(long epoch) {
        sc1.engine.setRole(SyncRole.SPARE, epoch);
        sc0.engine.setRole(SyncRole.MAIN, epoch);
        return this;
    }

    static void await(Duration max, BooleanSupplier cond, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + max + ": " + what.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until {@code side}'s priority {@code p} is in sync. */
    static void awaitInSync(Side side, int p, Duration max) {
        await(max, () -> side.engine.status().priority(p).state() == SyncState.IN_SYNC,
                () -> side.sc + " priority " + p + " is " + side.engine.status().describe());
    }

    static void awaitInSync(DatasyncEngine e, int p, Duration max) {
        await(max, () -> e.status().priority(p).state() == SyncState.IN_SYNC, () -> "priority " + p + ": " + e.status().describe());
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
    }

    static boolean sameContent(Path a, Path b) {
        byte[] x = read(a);
        byte[] y = read(b);
        return x != null && y != null && java.util.Arrays.equals(x, y);
    }

    static List<String> listTree(Path root) {
        List<String> out = new ArrayList<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (var s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p).toString()));
        } catch (IOException | java.io.UncheckedIOException e) {
            out.add("<walk failed: " + e + ">");
        }
        out.sort(null);
        return out;
    }

    @Override
    public void close() {
        sc0.engine.close();
        sc1.engine.close();
    }
}

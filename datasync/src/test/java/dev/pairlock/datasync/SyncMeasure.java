package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measurements of issue 12, run by {@code bench/run-datasync} (whole-command timings against a
 * baseline in the same run, as COORDINATION.md asks):
 * <ol>
 * <li>a 1-byte change of an immediate item until it is visible on the SPARE, over loopback;</li>
 * <li>a full pass of one 50 MiB file and of 10,000 small files into an empty SPARE directory,
 *     against rsync on the same data in the same run: {@code rsync -a} to an {@code rsync --daemon}
 *     on 127.0.0.1 (the same shape: a client process and a server process over loopback TCP), with
 *     and without {@code --fsync}, and local {@code rsync -a};</li>
 * <li>heap and resident memory of the JVM holding both engines while they sync;</li>
 * <li>eth1 → eth0 switch time over veth pairs in a namespace (root only; skipped with a note if not root).</li>
 * </ol>
 * Both engines run in this JVM; the numbers are wall times on whatever else the machine is doing,
 * so the load average is printed with them.
 */
public final class SyncMeasure {
    private SyncMeasure() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path work = Files.createTempDirectory("datasync-measure-");
        try {
            System.out.println("# datasync measurements (" + java.time.Instant.now() + ", load " + load() + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)");
            Path src = work.resolve("src");
            Files.createDirectories(src.resolve("big"));
            VolumeSyncTest.writeRandom(src.resolve("big/fw.bin"), 50L << 20, 1);
            VolumeSyncTest.writeSmallFiles(src.resolve("many"), 10_000, 2);
            latency(work.resolve("latency"), changes);
            throughput(work, src, "big", "one 50 MiB file", rounds);
            throughput(work, src, "many", "10,000 files (" + du(src.resolve("many")) / 1024 + " KiB)", rounds);
            if (isRoot()) {
                fallback(work.resolve("fallback"), Math.max(3, rounds));
            } else {
                System.out.println("\n## fallback switch: not measured (needs root for the network namespace)");
            }
        } finally {
            run(List.of("rm", "-rf", work.toString()));
        }
    }

    // ---- 1. latency

    private static void latency(Path dir, int changes) throws Exception {
        try (Pair pair = new Pair(dir, root -> List.of(SyncItem.immediate("etc", root.resolve("etc"), 1)))) {
            Path m = pair.sc0.path("etc/users.conf");
            Path s = pair.sc1.path("etc/users.conf");
            Files.createDirectories(m.getParent());
            byte[] content = new byte[4096];
            new SplittableRandom(3).nextBytes(content);
            Files.write(m, content);
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 1, Duration.ofSeconds(60));
            SplittableRandom r = new SplittableRandom(4);
            long[] ns = new long[changes];
            try (FileChannel w = FileChannel.open(m, StandardOpenOption.WRITE)) {
                for (int i = 0; i < changes + 20; i++) {
                    int at = r.nextInt(content.length);
                    byte b = (byte) (content[at] + 1 + r.nextInt(254));
                    content[at] = b;
                    long t0 = System.nanoTime();
                    w.write(ByteBuffer.wrap(new byte[] {b}), at);
                    while (true) {
                        byte[] now = Pair.read(s);
                        if (now != null && now.length == content.length && now[at] == b && Arrays.equals(now, content)) {
                            break;
                        }
                        Thread.onSpinWait();
                    }
                    long dt = System.nanoTime() - t0;
                    if (i >= 20) {
                        ns[i - 20] = dt; // the first 20 warm the JIT
                    }
                    Pair.await(Duration.ofSeconds(30), () -> pair.sc0.engine.status().priority(1).state() == SyncState.IN_SYNC,
                            () -> "settle");
                }
            }
            Arrays.sort(ns);
            System.out.printf("%n## 1-byte change of an immediate item, visible on the SPARE (loopback, %d changes, 4 KiB file)%n"
                    + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", changes, ms(pct(ns, 50)), ms(pct(ns, 90)),
                    ms(pct(ns, 99)), ms(ns[ns.length - 1]));
        }
    }

    // ---- 2. throughput against rsync, 3. memory

    private static void throughput(Path work, Path src, String item, String what, int rounds) throws Exception {
        Path dir = work.resolve("pair-" + item);
        Files.createDirectories(dir.resolve("sc0"));
        run(List.of("cp", "-a", src.resolve(item).toString(), dir.resolve("sc0").toString()));
        List<Long> ours = new ArrayList<>();
        long cold;
        Memory mem = new Memory();
        try (Pair pair = new Pair(dir, root -> List.of(SyncItem.immediate(item, root.resolve(item), 2)))) {
            long t0 = System.nanoTime();
            mem.start();
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 2, Duration.ofMinutes(10));
            cold = System.nanoTime() - t0;
            for (int i = 0; i < rounds; i++) {
                run(List.of("rm", "-rf", pair.sc1.path(item).toString()));
                long before = pair.sc0.engine.counters().passesCompleted();
                long t = System.nanoTime();
                pair.sc0.engine.requestFullSync();
                Pair.await(Duration.ofMinutes(10), () -> pair.sc0.engine.counters().passesCompleted() > before
                        && pair.sc0.engine.status().priority(2).state() == SyncState.IN_SYNC, () -> "round");
                ours.add(System.nanoTime() - t);
            }
            mem.stop();
            if (!sameTree(src.resolve(item), pair.sc1.path(item))) {
                throw new AssertionError("the SPARE's copy differs from the source");
            }
        }
        Path dst = work.resolve("rsync-dst");
        List<Long> daemon = new ArrayList<>();
        List<Long> daemonFsync = new ArrayList<>();
        List<Long> local = new ArrayList<>();
        try (RsyncDaemon d = new RsyncDaemon(work.resolve("rsyncd"), work)) {
            for (int i = 0; i < rounds; i++) {
                daemon.add(timed(dst, List.of("rsync", "-a", src.resolve(item) + "/", d.url("rsync-dst/" + item + "/"))));
                daemonFsync.add(timed(dst, List.of("rsync", "-a", "--fsync", src.resolve(item) + "/",
                        d.url("rsync-dst/" + item + "/"))));
                local.add(timed(dst, List.of("rsync", "-a", src.resolve(item) + "/", dst.resolve(item) + "/")));
            }
        }
        System.out.printf("%n## %s: full pass into an empty SPARE directory, median (min) of %d rounds%n", what, rounds);
        System.out.printf("datasync (AES-GCM, SHA-256, fsync/syncfs, loopback)  %8.0f ms (%.0f)   first, cold JVM: %.0f ms%n",
                ms(median(ours)), ms(min(ours)), ms(cold));
        System.out.printf("rsync -a to rsync --daemon on 127.0.0.1             %8.0f ms (%.0f)   datasync/rsync = %.2f%n",
                ms(median(daemon)), ms(min(daemon)), (double) median(ours) / median(daemon));
        System.out.printf("rsync -a --fsync to rsync --daemon on 127.0.0.1     %8.0f ms (%.0f)   datasync/rsync = %.2f%n",
                ms(median(daemonFsync)), ms(min(daemonFsync)), (double) median(ours) / median(daemonFsync));
        System.out.printf("rsync -a local (two processes over a pipe)          %8.0f ms (%.0f)%n", ms(median(local)), ms(min(local)));
        System.out.printf("memory while syncing (both engines in one JVM): heap used max %d MiB, RSS max %d MiB, threads max %d%n",
                mem.heapMax.get() >> 20, mem.rssMax.get() >> 10, mem.threadsMax.get());
        run(List.of("rm", "-rf", dir.toString(), dst.toString()));
    }

    /** Samples heap used, resident set and thread count every 5 ms. */
    private static final class Memory {
        final AtomicLong heapMax = new AtomicLong();
        final AtomicLong rssMax = new AtomicLong();
        final AtomicLong threadsMax = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        Thread t;

        void start() {
            t = new Thread(() -> {
                Runtime rt = Runtime.getRuntime();
                while (!stop.get()) {
                    heapMax.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    rssMax.accumulateAndGet(status("VmRSS:"), Math::max);
                    threadsMax.accumulateAndGet(status("Threads:"), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-sampler");
            t.setDaemon(true);
            t.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            t.join();
        }
    }

    /** A number from /proc/self/status (VmRSS in KiB, Threads). */
    static long status(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return 0;
    }

    /** An rsync daemon on 127.0.0.1 with one writable module at {@code root}. */
    private static final class RsyncDaemon implements AutoCloseable {
        final Process p;
        final int port;

        RsyncDaemon(Path dir, Path root) throws Exception {
            Files.createDirectories(dir);
            int free;
            try (ServerSocket ss = new ServerSocket(0)) {
                free = ss.getLocalPort();
            }
            port = free;
            Path conf = dir.resolve("rsyncd.conf");
            Files.writeString(conf, "pid file = " + dir.resolve("pid") + "\nuse chroot = no\n[m]\npath = " + root
                    + "\nread only = no\nuid = root\ngid = root\n");
            p = new ProcessBuilder("rsync", "--daemon", "--no-detach", "--address=127.0.0.1", "--port=" + port,
                    "--config=" + conf).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            for (int i = 0; i < 200; i++) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            throw new IOException("rsync --daemon did not start: " + Files.readString(dir.resolve("log")));
        }

        String url(String path) {
            return "rsync://127.0.0.1:" + port + "/m/" + path;
        }

        @Override
        public void close() throws InterruptedException {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long timed(Path dst, List<String> cmd) throws Exception {
        run(List.of("rm", "-rf", dst.toString()));
        Files.createDirectories(dst);
        long t = System.nanoTime();
        run(cmd);
        return System.nanoTime() - t;
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static boolean sameTree(Path a, Path b) throws Exception {
        Process p = new ProcessBuilder("diff", "-r", "-q", a.toString(), b.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static long du(Path p) throws IOException {
        try (var w = Files.walk(p)) {
            return w.filter(Files::isRegularFile).mapToLong(x -> x.toFile().length()).sum();
        }
    }

    // ---- 4. fallback

    private static void fallback(Path dir, int cuts) throws Exception {
        Path main = dir.resolve("sc0");
        Path spare = dir.resolve("sc1");
        Files.createDirectories(main.resolve("users"));
        Files.writeString(main.resolve("users/passwd"), "v0");
        List<Long> toFallback = new ArrayList<>();
        List<Long> back = new ArrayList<>();
        Duration timeout = Duration.ofSeconds(1);
        try (FallbackLinkTest.TwoLinks net = new FallbackLinkTest.TwoLinks();
             SideProcess.Child child = SideProcess.Child.start(List.of("ip", "netns", "exec", net.ns), "0.0.0.0",
                     SyncRole.SPARE, ScId.SC1, spare, 1, Pair.KEY, 1, 0, "users=1")) {
            SyncConfig cfg = new SyncConfig(true, 0, List.of(
                    new SyncLink(SyncLink.Name.PRIMARY, new Endpoint(net.net + "2", child.port), Optional.empty()),
                    new SyncLink(SyncLink.Name.FALLBACK, new Endpoint(net.net + "6", child.port), Optional.empty())),
                    timeout, Duration.ofMillis(500), 0, List.of(SyncItem.immediate("users", Path.of("/users"), 1))).under(main);
            try (DatasyncEngine e0 = DatasyncEngine.builder(cfg, Pair.KEY).self(ScId.SC0).firmware("1.0")
                    .listenOn(List.of(new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress()))).build()) {
                e0.start();
                e0.setRole(SyncRole.MAIN, 1);
                Pair.awaitInSync(e0, 1, Duration.ofSeconds(60));
                for (int i = 1; i <= cuts; i++) {
                    long t = System.nanoTime();
                    net.primary(false);
                    String v = "v" + i + " over the fallback";
                    Files.writeString(main.resolve("users/passwd"), v);
                    Pair.await(Duration.ofSeconds(60), () -> v.equals(TimedSyncTest.text(spare.resolve("users/passwd"))), () -> "cut");
                    toFallback.add(System.nanoTime() - t);
                    Pair.await(Duration.ofSeconds(60), () -> e0.status().link().orElse("").startsWith("fallback"), () -> "f");
                    t = System.nanoTime();
                    net.primary(true);
                    Pair.await(Duration.ofSeconds(60), () -> e0.status().link().orElse("").startsWith("primary"), () -> "back");
                    back.add(System.nanoTime() - t);
                    Pair.awaitInSync(e0, 1, Duration.ofSeconds(60));
                }
            }
        }
        System.out.printf("%n## eth1 → eth0 (veth pairs into a namespace; link timeout %d ms, probe interval 500 ms, %d cuts)%n"
                + "primary cut → a change visible on the SPARE over the fallback: median %.0f ms (min %.0f, max %.0f)%n"
                + "primary restored → sync back on the primary: median %.0f ms (min %.0f, max %.0f)%n", timeout.toMillis(), cuts,
                ms(median(toFallback)), ms(min(toFallback)), ms(max(toFallback)), ms(median(back)), ms(min(back)), ms(max(back)));
    }

    // ---- helpers

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}

package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One SC's data sync in a JVM of its own, so a test can {@code kill -9} it mid-transfer:
 * {@code SideProcess ROLE SC ROOT PEER_PORT KEY_HEX EPOCH BANDWIDTH ITEM...} (an item is NAME=PRIORITY,
 * its path /NAME, kept below ROOT). Prints {@code READY <port>} once it listens.
 */
public final class SideProcess {
    private SideProcess() {
    }

    public static void main(String[] a) throws Exception {
        SyncRole role = SyncRole.valueOf(a[0]);
        ScId sc = ScId.parse(a[1]);
        Path root = Path.of(a[2]);
        int peerPort = Integer.parseInt(a[3]);
        SecretKey key = new SecretKeySpec(HexFormat.of().parseHex(a[4]), "HmacSHA256");
        long epoch = Long.parseLong(a[5]);
        long bandwidth = Long.parseLong(a[6]);
        List<SyncItem> items = new ArrayList<>();
        for (int i = 7; i < a.length; i++) {
            String[] kv = a[i].split("=");
            items.add(SyncItem.immediate(kv[0], Path.of("/", kv[0]), Integer.parseInt(kv[1])).withRetries(3, Duration.ofMillis(200)));
        }
        String listen = System.getProperty("datasync.listen");
        ServerSocket ss = listen == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 50, InetAddress.getByName(listen));
        SyncConfig cfg = new SyncConfig(true, ss.getLocalPort(), List.of(new SyncLink(SyncLink.Name.PRIMARY,
                new Endpoint("127.0.0.1", Math.max(1, peerPort)), Optional.empty())), Duration.ofSeconds(5),
                Duration.ofSeconds(1), bandwidth, items).under(root);
        DatasyncEngine e = DatasyncEngine.builder(cfg, key).self(sc).firmware("1.0").listenOn(List.of(ss)).build();
        e.start();
        e.setRole(role, epoch);
        System.out.println("READY " + ss.getLocalPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A running child. */
    static final class Child implements AutoCloseable {
        final Process process;
        final int port;

        private Child(Process p, int port) {
            this.process = p;
            this.port = port;
        }

        static Child start(SyncRole role, ScId sc, Path root, int peerPort, SecretKey key, long epoch, long bandwidth,
                           String... items) throws IOException, InterruptedException {
            return start(List.of(), null, role, sc, root, peerPort, key, epoch, bandwidth, items);
        }

        /** {@code prefix}: e.g. {@code ip netns exec NS}; {@code listen}: the address to listen on (null: loopback). */
        static Child start(List<String> prefix, String listen, SyncRole role, ScId sc, Path root, int peerPort, SecretKey key,
                           long epoch, long bandwidth, String... items) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel="
                    + System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info")));
            if (listen != null) {
                cmd.add("-Ddatasync.listen=" + listen);
            }
            cmd.addAll(List.of(
                    "-Dorg.slf4j.simpleLogger.logFile=System.out", SideProcess.class.getName(), role.name(), sc.name(),
                    root.toString(), Integer.toString(peerPort), HexFormat.of().formatHex(key.getEncoded()),
                    Long.toString(epoch), Long.toString(bandwidth)));
            cmd.addAll(List.of(items));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        System.out.println("[child " + sc + "] " + line);
                        if (line.startsWith("READY ")) {
                            ready.complete(Integer.parseInt(line.substring(6).trim()));
                        }
                    }
                } catch (IOException ignored) {
                    // the child died
                }
                ready.completeExceptionally(new IOException("the child exited before READY"));
            }, "child-output");
            t.setDaemon(true);
            t.start();
            try {
                return new Child(p, ready.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IOException("the child " + sc + " did not start", e);
            }
        }

        /** SIGKILL: no shutdown hook, no flush, no close. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
        }
    }
}

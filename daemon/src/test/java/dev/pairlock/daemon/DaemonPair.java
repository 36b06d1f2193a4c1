package dev.pairlock.daemon;

import dev.pairlock.config.PairKey;
import dev.pairlock.control.ControlClient;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.ControllerLifecycleListener;
import dev.pairlock.peerlink.PeerFrame;
import dev.pairlock.peerlink.UdpPeerLink;
import dev.pairlock.platform.PlatformConfig;
import dev.pairlock.platform.PlatformFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.SecretKey;

/**
 * Two real daemons in one JVM: each with its own control loop thread, lanes, UDP peer link on
 * loopback (two links each, port 0, cross-wired), state directory, control socket and health-event
 * ring, over one simulated chassis run on the wall clock ({@link RealTimeChassis}). The chassis'
 * reset lines stop and restart the held SC's runtime, as a real reset stops its CPU.
 */
final class DaemonPair implements AutoCloseable {
    /** Generous for real threads on a loaded 2-core machine: the MAIN's lease is FDT/2, renewed every FDT/10. */
    static final long FDT_MILLIS = 1000;
    static final SecretKey KEY;

    static {
        byte[] k = new byte[PairKey.BYTES];
        Arrays.fill(k, (byte) 0x5c);
        KEY = PairKey.of(k).derive(PeerFrame.KEY_PURPOSE);
    }

    final Path dir;
    final RealTimeChassis chassis;
    final Daemon[] daemons = new Daemon[2];
    private final long[] boots = {1, 1};
    /** A test's additions to each daemon's builder (data sync uses it). */
    java.util.function.BiFunction<ScId, Daemon.Builder, Daemon.Builder> customize = (sc, b) -> b;

    DaemonPair(Path dir) throws IOException {
        this.dir = dir;
        this.chassis = new RealTimeChassis(ChassisConfig.builder().slots(4).build(), SystemClock.INSTANCE);
        chassis.chassis().addLifecycleListener(new ControllerLifecycleListener() {
            @Override
            public void onHeldInReset(ScId sc) {
                Daemon d = daemons[sc.index()];
                if (d != null) {
                    d.onControlLoop(d.loop().runtime()::stop);
                }
            }

            @Override
            public void onBoot(ScId sc) {
                Daemon d = daemons[sc.index()];
                if (d != null) {
                    d.onControlLoop(d.loop().runtime()::start);
                }
            }
        });
    }

    Path socket(ScId sc) {
        return dir.resolve(sc.name().toLowerCase() + ".sock");
    }

    Path stateDir(ScId sc) {
        return dir.resolve("state-" + sc.name().toLowerCase());
    }

    PlatformConfig config(ScId sc) throws IOException {
        String text = "sc = " + sc.name().toLowerCase() + "\n"
                + "slots = 4\n"
                + "reset.out = gpiochip0:reset\n"
                + "reset.in = yes\n"
                + "fdt = " + FDT_MILLIS + "ms\n"
                + "state.dir = " + stateDir(sc) + "\n"
                + "control.socket = " + socket(sc) + "\n";
        Path f = dir.resolve(sc.name().toLowerCase() + ".conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return PlatformFile.parse(f, text.getBytes(StandardCharsets.UTF_8)).config();
    }

    private UdpPeerLink link(ScId sc) {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return UdpPeerLink.open(sc, List.of(new UdpPeerLink.Endpoint("primary", any, any, Optional.empty()),
                        new UdpPeerLink.Endpoint("fallback", any, any, Optional.empty())), KEY, boots[sc.index()]++,
                Daemon.linkProbeNanos(FDT_MILLIS * 1_000_000), SystemClock.INSTANCE, dir);
    }

    /** Starts (or restarts) {@code sc}'s daemon and wires both links of both daemons to each other. */
    Daemon start(ScId sc) throws IOException {
        UdpPeerLink l = link(sc);
        Daemon d = customize.apply(sc, Daemon.builder(config(sc)).hardware(chassis.source(sc)).peerLink(l)
                .controlGroup(Optional.empty())).start();
        daemons[sc.index()] = d;
        Daemon peer = daemons[sc.peer().index()];
        if (peer != null) {
            for (int i = 0; i < 2; i++) {
                l.remote(i, peer.peerLink().localAddress(i));
                peer.peerLink().remote(i, l.localAddress(i));
            }
        }
        return d;
    }

    void startBoth() throws IOException {
        start(ScId.SC0);
        start(ScId.SC1);
    }

    /** One control-socket request to {@code sc}'s daemon. */
    @SuppressWarnings("unchecked")
    Map<String, Object> ask(ScId sc, String op, Map<String, Object> args) {
        try (ControlClient c = ControlClient.connect(socket(sc))) {
            return (Map<String, Object>) c.call(op, args, 30_000);
        }
    }

    String role(ScId sc) {
        return (String) ask(sc, "failover.show", Map.of()).get("role");
    }

    boolean settled() {
        try {
            Map<String, Object> a = ask(ScId.SC0, "failover.show", Map.of());
            Map<String, Object> b = ask(ScId.SC1, "failover.show", Map.of());
            return (a.get("role").equals("MAIN") && b.get("role").equals("SPARE")
                    || a.get("role").equals("SPARE") && b.get("role").equals("MAIN")) && a.get("epoch").equals(b.get("epoch"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    ScId main() {
        return role(ScId.SC0).equals("MAIN") ? ScId.SC0 : ScId.SC1;
    }

    /** Waits until {@code condition} holds now and still 3 FDT later (generous bound: 120 s). */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                pause(3 * FDT_MILLIS);
                if (condition.getAsBoolean()) {
                    return;
                }
            }
            pause(FDT_MILLIS / 5);
        }
        throw new AssertionError("not within 120 s: " + what);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Crashes both daemons, the second even when the first's crash throws (its failure first). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Daemon d : daemons) {
            if (d == null) {
                continue;
            }
            try {
                d.crash();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

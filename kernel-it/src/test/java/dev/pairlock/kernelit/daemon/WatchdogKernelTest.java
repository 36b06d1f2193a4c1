package dev.pairlock.kernelit.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.PairKey;
import dev.pairlock.kernelit.Cmd;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Failfast that survives a frozen JVM, for real: pairlockd (on the simulated chassis, --sim; the
 * watchdog is the real kernel's) arms softdog ({@code soft_noboot=1}: firing logs instead of
 * rebooting) and pets it while its control loop runs; SIGSTOP freezes the JVM, the pets stop and
 * the kernel fires; after SIGCONT and SIGTERM the clean stop disarms it (magic close) and nothing
 * fires any more.
 */
@Tag("kernel")
class WatchdogKernelTest {
    private static final String FIRED = "softdog: Triggered - Reboot ignored";
    private static final int TIMEOUT_S = 3;

    @Test
    void aFrozenDaemonIsCaughtByTheKernelAndACleanStopDisarms() throws Exception {
        Path dir = Files.createTempDirectory("pairlockd-watchdog");
        Cmd.ok("ip", "link", "set", "lo", "up");
        Path key = dir.resolve("pair.key");
        PairKey.generate(key);
        int port = freeUdpPort();
        Path conf = dir.resolve("sc0.conf");
        Files.writeString(conf, String.join("\n", "sc = sc0", "slots = 4", "fdt = 1s",
                "peer.primary.local = 127.0.0.1:" + port, "peer.primary.remote = 127.0.0.1:" + freeUdpPort(),
                // a MAIN alone keeps its lease only if it can fence the absent peer (S3: renewal needs
                // evidence of the peer, or the power to fence it); without reset lines it lapses every
                // half FDT and halts, and the pets pause with each halt (this test passed by timing)
                "reset.out = gpiochip1:reset-out", "reset.in = yes",
                "key.file = " + key, "watchdog.device = /dev/watchdog0", "watchdog.timeout = " + TIMEOUT_S + "s",
                "state.dir = " + dir.resolve("state"), "control.socket = " + dir.resolve("control.sock")) + "\n");
        Path log = dir.resolve("pairlockd.log");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), "dev.pairlock.daemon.Pairlockd", "--config", conf.toString(), "--sim", "--foreground")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String pid = Long.toString(daemon.pid());
        try {
            await("pairlockd armed the watchdog and started", 180, () -> read(log).contains("watchdog /dev/watchdog0 armed")
                    && read(log).contains("pairlockd started"), log);
            int before = petWindow(log);


            Cmd.ok("kill", "-STOP", pid);
            await("softdog fires once the JVM is frozen", 120, () -> fired() > before, log);

            Cmd.ok("kill", "-CONT", pid);
            Cmd.ok("kill", "-TERM", pid);
            assertTrue(daemon.waitFor(120, TimeUnit.SECONDS), "pairlockd did not stop on SIGTERM\n" + read(log));
            assertTrue(read(log).contains("watchdog /dev/watchdog0 disarmed (magic close)"), read(log));
            int afterStop = fired();
            TimeUnit.SECONDS.sleep(3L * TIMEOUT_S);
            assertEquals(afterStop, fired(), "softdog fired after the clean stop: it was not disarmed\n" + read(log));
        } finally {
            Cmd.run("kill", "-CONT", pid);
            daemon.destroyForcibly();
        }
    }

    /**
     * Three watchdog timeouts of a running daemon with no firing; returns the firings before it. A
     * window counts only if the control loop ran through it: under TCG a stalled JVM can lapse its
     * MAIN lease, and the failfast halt that follows stops the pets on purpose until the loop
     * restarts (CI saw softdog fire in such a window), so a window with a HALT says nothing about
     * petting and the next is tried — at most three, each one's fate in the message.
     */
    private static int petWindow(Path log) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        for (int window = 1; window <= 3; window++) {
            int before = fired();
            long halts = halts(log);
            TimeUnit.SECONDS.sleep(3L * TIMEOUT_S);
            if (halts(log) == halts) {
                assertEquals(before, fired(), "softdog fired although pairlockd was running and petting (" + seen
                        + "window " + window + " without a halt)\n" + read(log));
                return before;
            }
            seen.append("window ").append(window).append(": the daemon halted (a lapsed lease), softdog fired ")
                    .append(fired() - before).append(" time(s); ");
            TimeUnit.SECONDS.sleep(3L * TIMEOUT_S);   // the loop restarts after its halt
        }
        throw new AssertionError("no 3-timeout window in which pairlockd ran without halting: " + seen + "\n" + read(log));
    }

    /** The failfast halts the daemon has logged so far. */
    private static long halts(Path log) {
        return read(log).lines().filter(l -> l.contains(" event=HALT ")).count();
    }

    /** Lines of softdog firing in the kernel log so far. */
    private static int fired() {
        return (int) Cmd.ok("dmesg").stdout().lines().filter(l -> l.contains(FIRED)).count();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    /** The class path the console launcher gave the tests (its --class-path loader), for a pairlockd process. */
    private static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = WatchdogKernelTest.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    entries.add(Path.of(url.toURI()).toString());
                }
            }
        }
        List<String> cp = new ArrayList<>(entries);
        cp.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        // the kernel suite's classpath carries slf4j-nop (for Pi4J's chatter); the daemon logs through
        // slf4j-simple as it does when installed, and this test reads that log
        cp.removeIf(e -> e.contains("slf4j-nop"));
        return String.join(File.pathSeparator, new LinkedHashSet<>(cp));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(String what, int seconds, BooleanSupplier condition, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what + "\n--- pairlockd log\n" + read(log)
                        + "\n--- dmesg (softdog)\n" + String.join("\n", Cmd.ok("dmesg").stdout().lines().filter(l -> l.contains("softdog")).toList()));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}

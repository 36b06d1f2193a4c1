package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.events.EventKind;
import dev.pairlock.events.SelQuery;
import dev.pairlock.events.SelReader;
import dev.pairlock.events.SelRecord;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.peerlink.UdpPeerLink;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop and the crash release every part even when one release throws: the first failure named
 * after all the others ran. (Before, the first that threw skipped the rest — the SEL left open, the
 * control socket on disk, the peer link's ports and the reset and heartbeat lines held.) One daemon on
 * the simulated chassis, with the SEL, a watchdog on a plain file and a data sync listening socket
 * whose close throws: data sync's close is a step in the middle of both sequences.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonReleaseTest {
    @TempDir
    Path dir;

    private final AtomicInteger hardwareClosed = new AtomicInteger();
    private final AtomicBoolean hardwareCloseThrows = new AtomicBoolean();
    private Daemon daemon;
    private UdpPeerLink link;

    /** A data sync listening socket whose first close closes it and then throws, as a release that fails. */
    private static final class FailingClose extends ServerSocket {
        private final AtomicBoolean thrown = new AtomicBoolean();

        FailingClose() throws IOException {
            super(0, 50, InetAddress.getLoopbackAddress());
        }

        @Override
        public void close() throws IOException {
            super.close();
            if (thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("the datasync socket's close failed (test)");
            }
        }
    }

    private Path socket() {
        return dir.resolve("run/sc0.sock");
    }

    private Path watchdog() {
        return dir.resolve("watchdog");
    }

    private Path sel() {
        return dir.resolve("sel");
    }

    private Daemon start() throws Exception {
        LoneDaemon lone = new LoneDaemon(dir, socket());
        link = lone.openLink();
        Daemon.Builder builder = lone.builder(link);
        HardwareSource chassis = LoneDaemon.chassis();
        HardwareSource recorded = new HardwareSource() {
            @Override
            public ControllerHardware open(PeerLink l, Clock clock, Scheduler scheduler) {
                return chassis.open(l, clock, scheduler);
            }

            @Override
            public String describe() {
                return chassis.describe();
            }

            @Override
            public void close() {
                hardwareClosed.incrementAndGet();
                chassis.close();
                if (hardwareCloseThrows.get()) {
                    throw new IllegalStateException("a GPIO line's release failed (test)");
                }
            }
        };
        daemon = builder.hardware(recorded).syncForTests(DaemonPair.KEY, List.of(new FailingClose())).start();
        return daemon;
    }

    @AfterEach
    void closeWhatTheFailedStepLeft() {
        if (daemon != null) {
            daemon.datasyncEngine().close(); // its threads after the socket that threw; the socket no longer throws
        }
    }

    /** The control loop's thread, to see it end. */
    private static Thread controlThread(Daemon d) throws InterruptedException {
        AtomicReference<Thread> t = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        d.onControlLoop(() -> {
            t.set(Thread.currentThread());
            ran.countDown();
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS), "the control loop runs");
        return t.get();
    }

    /** The files under {@code root} this process still has open (/proc/self/fd). */
    private static List<Path> openUnder(Path root) throws IOException {
        Path real = root.toRealPath();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
                        out.add(target);
                    }
                } catch (IOException gone) {
                    // closed while listing (the listing's own descriptor among them)
                }
            }
        }
        return out;
    }

    private void assertPortsFree() throws IOException {
        try (DatagramSocket again = new DatagramSocket(link.localAddress(0))) {
            assertTrue(again.isBound(), "the peer link's port is free again");
        }
    }

    /**
     * Data sync's close throws between the watchdog's disarm and the control socket's removal, and the
     * hardware's release throws too: the control socket is removed, the peer link's port freed, the
     * hardware released and the control thread ended all the same; the stop throws the first failure,
     * named, with the second suppressed on it, after the SEL recorded the stop and closed.
     */
    @Test
    void aStopStepThatThrowsLetsEveryLaterStepRunAndTheStopNamesIt() throws Exception {
        Daemon d = start();
        Thread control = controlThread(d);
        hardwareCloseThrows.set(true);

        Teardown.StepFailed f = assertThrows(Teardown.StepFailed.class, d::stop);

        assertFalse(Files.exists(socket()), "the control socket is removed after data sync's close failed");
        assertPortsFree();
        assertEquals(1, hardwareClosed.get(), "the hardware (reset and heartbeat lines) is released");
        control.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(control.isAlive(), "the control thread is closed after the hardware's release failed too");
        assertEquals(List.of(), openUnder(sel()), "the SEL is closed");
        assertTrue(Files.readString(watchdog()).endsWith("V"), "the watchdog is disarmed (magic close)");
        List<SelRecord> records = SelReader.of(sel()).read(SelQuery.all()).records();
        assertEquals(EventKind.DAEMON_STOPPED, records.getLast().kind(), records::toString);

        assertEquals("close data sync", f.step());
        assertTrue(f.getMessage().startsWith("stop step 'close data sync' failed: IllegalStateException: the datasync socket's"
                + " close failed (test); "), f.getMessage());
        assertEquals(1, f.getSuppressed().length, () -> List.of(f.getSuppressed()).toString());
        Teardown.StepFailed later = (Teardown.StepFailed) f.getSuppressed()[0];
        assertEquals("release the hardware", later.step());
        assertTrue(later.getMessage().contains("a GPIO line's release failed (test)"), later.getMessage());
        assertEquals("already stopped", d.stop(), "a second stop does nothing");
    }

    /**
     * The crash: data sync's close throws, and the SEL, the control socket, the watchdog (closed, left
     * armed: no 'V'), the peer link, the hardware and the control thread are released after it.
     */
    @Test
    void aCrashStepThatThrowsLetsEveryLaterStepRunAndTheCrashNamesIt() throws Exception {
        Daemon d = start();
        Thread control = controlThread(d);

        Teardown.StepFailed f = assertThrows(Teardown.StepFailed.class, d::crash);

        assertEquals(List.of(), openUnder(sel()), "the SEL is closed after data sync's close failed");
        assertFalse(Files.exists(socket()), "the control socket is removed");
        assertEquals(List.of(), openUnder(watchdog()), "the watchdog is closed");
        assertFalse(Files.readString(watchdog()).endsWith("V"), "and left armed, as a crash leaves it");
        assertPortsFree();
        assertEquals(1, hardwareClosed.get(), "the hardware is released");
        control.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(control.isAlive(), "the control thread is closed");

        assertEquals("close data sync", f.step());
        assertTrue(f.getMessage().startsWith("crash step 'close data sync' failed: IllegalStateException: "), f.getMessage());
        assertEquals(0, f.getSuppressed().length);
    }
}

package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigException;
import dev.pairlock.control.EventRecord;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.PersistedState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's small parts: state file, boot id, watchdog (on a fake device file), sd_notify, the event ring. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonPartsTest {
    @TempDir
    Path dir;

    @Test
    void theStateFileSurvivesARoundTripAndADamagedOneIsRefusedWithItsLine() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("state"));
        assertEquals(Optional.empty(), store.load(), "a new SC");
        PersistedState s = new PersistedState(12, new FailoverSetting(false, 3, FailoverSetting.Reason.AFTER_FAILOVER));
        store.save(s);
        assertEquals(Optional.of(s), store.load());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        Files.writeString(store.file(), "epoch = 12\nfailover = maybe\ngeneration = 3\nreason = operator\n");
        ConfigException e = assertThrows(ConfigException.class, store::check);
        assertTrue(e.getMessage().startsWith(store.file() + ":2: failover: "), e.getMessage());
        assertTrue(e.getMessage().contains("move it away"), e.getMessage());
        Files.writeString(store.file(), "epoch = 1\nfailover = on\ngeneration = 0\nreason = default\ncolour = red\n");
        assertThrows(ConfigException.class, store::check);
    }

    /** A dangling link (or any non-file) where the state belongs is no "new SC": that would lose the epoch floor. */
    @Test
    void aStateFileThatIsNotARegularFileIsRefusedNotTakenForANewSc() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        FileStateStore store = new FileStateStore(state);
        Files.createSymbolicLink(store.file(), state.resolve("gone"));
        ConfigException e = assertThrows(ConfigException.class, store::check);
        assertTrue(e.getMessage().startsWith(store.file() + ": is a symbolic link") && e.getMessage().contains("move it away"),
                e.getMessage());
        Files.delete(store.file());
        Files.createDirectory(store.file());
        assertTrue(assertThrows(ConfigException.class, store::check).getMessage().contains("is not a regular file"));
    }

    @Test
    void bootIdsGrowAcrossRestartsAndADamagedCounterFallsBackToTheClock() throws Exception {
        long a = BootId.next(dir, 1_000);
        long b = BootId.next(dir, 5);
        assertEquals(1_000, a, "no counter yet: the clock");
        assertEquals(1_001, b, "then the counter, whatever the clock says");
        Files.writeString(dir.resolve(BootId.FILE_NAME), "garbage");
        assertEquals(2_000_000, BootId.next(dir, 2_000_000));
    }

    /**
     * A counter rolled back (the state directory restored from a backup or a golden image, the root
     * file system rolled back after a failed upgrade) must not give a boot id the peer has seen: the
     * peer remembers the largest and refuses every frame of a boot id not above it (OLD_BOOT, or
     * REPLAYED_OR_STALE for an equal one) until the peer itself restarts: a dead peer link.
     */
    @Test
    void aRolledBackCounterStillGivesABootIdAboveEveryEarlierOne() throws Exception {
        long micros = 1_700_000_000_000_000L;
        BootId.next(dir, micros);
        String snapshot = Files.readString(dir.resolve(BootId.FILE_NAME));
        long second = BootId.next(dir, micros + 60_000_000L); // the run the peer saw last
        Files.writeString(dir.resolve(BootId.FILE_NAME), snapshot); // restored
        long third = BootId.next(dir, micros + 3_600_000_000L); // an hour later
        assertTrue(third > second, "boot id " + third + " after a restored counter is not above " + second
                + ", which the peer has seen: it refuses every frame of this run");
    }

    @Test
    void theWatchdogIsPettedByWritesAndDisarmedByTheMagicClose() throws Exception {
        Path fake = Files.createFile(dir.resolve("watchdog"));
        Watchdog w = Watchdog.open(fake, 10);
        w.pet();
        w.pet();
        w.pet();
        assertEquals(3, w.pets());
        assertEquals("...", Files.readString(fake), "one byte per pet, never 'V'");
        w.disarm();
        assertEquals("...V", Files.readString(fake), "the magic close");
        w.pet();
        assertEquals("...V", Files.readString(fake), "nothing after the close");
        Path crashed = Files.createFile(dir.resolve("watchdog2"));
        Watchdog c = Watchdog.open(crashed, 10);
        c.pet();
        c.close();
        assertEquals(".", Files.readString(crashed), "a crash closes without 'V': the watchdog stays armed");
        assertThrows(dev.pairlock.libc.ErrnoException.class, () -> Watchdog.open(dir.resolve("absent"), 10));
    }

    /** A magic 'V' the device did not take leaves the watchdog armed: the disarm says so (it was logged as disarmed). */
    @Test
    void aDisarmWhoseMagicCharacterIsNotWrittenThrowsNamingTheDevice() {
        Path full = Path.of("/dev/full"); // every write: ENOSPC
        Watchdog w = Watchdog.open(full, 10);
        dev.pairlock.libc.ErrnoException e = assertThrows(dev.pairlock.libc.ErrnoException.class, w::disarm);
        assertEquals("write(/dev/full, 'V'): ENOSPC (No space left on device)", e.getMessage());
        w.disarm(); // closed all the same: nothing more to do
    }

    @Test
    void sdNotifyReachesARealReceiver() throws Exception {
        Path sock = dir.resolve("notify.sock");
        Process p = new ProcessBuilder("python3", "-c", "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\ns.settimeout(60)\n"
                + "print('ready',flush=True)\n"
                + "for i in range(2): print(s.recv(512).decode().replace('\\n','|'),flush=True)\n", sock.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            SdNotify n = SdNotify.to(sock.toString()).orElseThrow();
            assertTrue(n.send("READY=1\nSTATUS=sc0 running"));
            assertTrue(n.send("WATCHDOG=1"));
            n.close();
            assertEquals("READY=1|STATUS=sc0 running", out.readLine());
            assertEquals("WATCHDOG=1", out.readLine());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(Optional.empty(), SdNotify.to(null), "not under systemd");
        assertEquals(5_000_000_000L, SdNotify.watchdogNanos("5000000"));
        assertEquals(0, SdNotify.watchdogNanos("soon"));
    }

    @Test
    void theRingKeepsTheLastEventsAndTellsFollowers() throws Exception {
        HealthEventRing ring = new HealthEventRing(3, Clock.fixed(Instant.parse("2026-11-29T23:00:00Z"), ZoneOffset.UTC));
        List<EventRecord> followed = new ArrayList<>();
        AutoCloseable sub = ring.follow(followed::add);
        for (int i = 1; i <= 5; i++) {
            ring.add("sc0", "info", "k" + i, 1, "m" + i);
        }
        assertEquals(List.of("k3", "k4", "k5"), ring.last(10).stream().map(EventRecord::kind).toList());
        assertEquals(List.of("k5"), ring.last(1).stream().map(EventRecord::kind).toList());
        assertEquals(5, followed.size());
        sub.close();
        ring.add("sc0", "info", "k6", 1, "m6");
        assertEquals(5, followed.size(), "unsubscribed");
        assertEquals("2026-11-29T23:00:00Z", ring.last(1).getFirst().toJson().get("time"));
        assertFalse(ring.last(0).iterator().hasNext());
    }
}

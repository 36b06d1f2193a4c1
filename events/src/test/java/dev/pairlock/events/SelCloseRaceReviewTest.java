package dev.pairlock.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review: append() checks {@code closed} before taking submitLock and not again under it, and close()
 * queues its Stop outside the lock; an append that passed the check while close() ran is queued behind
 * the Stop the writer already took: its future never completes (appendDurably hangs for ever).
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SelCloseRaceReviewTest {
    @TempDir
    Path dir;

    @Test
    void anAppendRacingCloseCompletesOneWayOrTheOther() throws Exception {
        SystemEventLog sel = SelTestSupport.open(dir);
        Field f = SystemEventLog.class.getDeclaredField("submitLock");
        f.setAccessible(true);
        Object submitLock = f.get(sel);
        AtomicReference<CompletableFuture<SelRecord>> appended = new AtomicReference<>();
        Thread appender;
        synchronized (submitLock) {
            // the appender passes the `closed` check, then waits for the lock
            appender = new Thread(() -> appended.set(sel.append(SelTestSupport.draft(1))));
            appender.start();
            while (appender.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            sel.close(); // (the monitor is reentrant) closed = true, Stop queued, writer gone
        }
        appender.join();
        CompletableFuture<SelRecord> fut = appended.get();
        try {
            fut.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // refused because the SEL is closed: fine
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("append() racing close() returned a future that never completes", e);
        }
        assertTrue(fut.isDone());
    }
}

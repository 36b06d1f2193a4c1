package dev.pairlock.events;

import static dev.pairlock.events.SelTestSupport.draft;
import static dev.pairlock.events.SelTestSupport.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelCloseTest {
    @TempDir
    Path dir;

    /**
     * {@code Events.close()} calls the SEL's close with the interrupt status set when its own wait was
     * interrupted (pairlockd's stop). close() then failed to queue its Stop (put() threw at once), did not
     * wait for the writer (join() threw at once), closed the segment and released {@code sel.lock} while
     * the writer still ran: the records queued last (DAEMON_STOPPED) failed on the closed channel, the
     * writer thread waited for ever for a Stop that never came, and the next writer could open the
     * directory while this one might still write.
     */
    @Test
    void anInterruptedCloseStillWritesWhatIsQueuedAndStopsTheWriterBeforeReleasingTheLock() throws Exception {
        SystemEventLog sel = open(dir);
        CountDownLatch writerBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> writer = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        sel.subscribe(r -> {
            if (first.getAndSet(false)) { // holds the writer thread inside its first record's flush
                writer.set(Thread.currentThread());
                writerBusy.countDown();
                awaitUninterruptibly(release);
            }
        });
        sel.append(draft(1));
        writerBusy.await();
        CompletableFuture<SelRecord> last = sel.append(draft(2)); // queued behind the busy writer
        AtomicBoolean writerAliveAfterClose = new AtomicBoolean();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            Thread.currentThread().interrupt();
            sel.close();
            writerAliveAfterClose.set(writer.get().isAlive());
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        closer.start();
        // the writer goes on once close() waits for it, or (the bug) close() has returned without waiting
        while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        release.countDown();
        closer.join();
        assertFalse(writerAliveAfterClose.get(), "close() returned (and released sel.lock) while the writer still ran");
        assertEquals(2, SystemEventLog.join(last).seq(), "the record queued before close() is written");
        assertTrue(interruptKept.get(), "close() keeps the caller's interrupt status");
        try (SystemEventLog next = open(dir)) {
            assertEquals(3, next.appendDurably(draft(3)).seq());
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

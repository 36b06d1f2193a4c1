package dev.pairlock.mock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits of the tests that drive listeners on real threads beside the chassis (the diozero and Pi4J
 * providers' dispatch tests): a latch either opens or the test fails; the bound only ends a failing
 * test, it never judges speed.
 */
public final class Latches {
    /** Long enough for any loaded CI host; reached only when the awaited thing never happens. */
    public static final long GENEROUS_SECONDS = 30;

    private Latches() {
    }

    /** Whether {@code latch} opened within {@link #GENEROUS_SECONDS}; an interrupt counts as no. */
    public static boolean await(CountDownLatch latch) {
        try {
            return latch.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * For a listener meant to stay stuck whatever happens to its thread: an interrupt (the close of
     * its input interrupts it) does not end the wait; it is passed on once the wait is over.
     */
    public static boolean awaitThroughInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return latch.await(GENEROUS_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

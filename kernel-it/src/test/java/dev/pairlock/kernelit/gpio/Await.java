package dev.pairlock.kernelit.gpio;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for effects that cross the kernel asynchronously (irq work, another process). Test code of real-time behaviour. */
final class Await {
    private Await() {
    }

    static void until(BooleanSupplier cond, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

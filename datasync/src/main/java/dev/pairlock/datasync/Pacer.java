package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.util.concurrent.CompletableFuture;

/**
 * {@code sync.bandwidth}: keeps the sender at or under a byte rate so that sync does not crowd out
 * the peer link's probes on a shared wire. A token bucket of 100 ms worth; when it is empty
 * the sending thread waits for a timer of the engine's {@link Scheduler}, so time stays injected.
 */
final class Pacer {
    private final long bytesPerSecond;
    private final Clock clock;
    private final Scheduler scheduler;
    private long allowanceAt; // the instant at which everything charged so far is paid for

    Pacer(long bytesPerSecond, Clock clock, Scheduler scheduler) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.scheduler = scheduler;
        this.allowanceAt = clock.nanos();
    }

    boolean unlimited() {
        return bytesPerSecond <= 0;
    }

    /** Charges {@code bytes}; waits until they fit in the rate. */
    void acquire(long bytes) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long now = clock.nanos();
        long burst = 100_000_000L; // 100 ms at full speed, then paced
        allowanceAt = Math.max(allowanceAt, now - burst) + bytes * 1_000_000_000L / bytesPerSecond;
        long wait = allowanceAt - now - burst;
        if (wait > 0) {
            CompletableFuture<Void> due = new CompletableFuture<>();
            scheduler.schedule(wait, () -> due.complete(null));
            due.join();
        }
    }
}

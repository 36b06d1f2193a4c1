package dev.pairlock.datasync;

import java.util.concurrent.atomic.AtomicLong;

/** What the engine has done, for tests, benchmarks and {@code scctl datasync status --json}. */
final class Counters {
    final AtomicLong sessionsOpened = new AtomicLong();
    final AtomicLong sessionsAccepted = new AtomicLong();
    final AtomicLong sessionsRefused = new AtomicLong();
    final AtomicLong integrityFailures = new AtomicLong();
    final AtomicLong fileFailures = new AtomicLong();
    final AtomicLong dataBytesSent = new AtomicLong();
    final AtomicLong bytesResumed = new AtomicLong();
    final AtomicLong filesSent = new AtomicLong();
    final AtomicLong filesCommitted = new AtomicLong();
    final AtomicLong passesCompleted = new AtomicLong();
    final AtomicLong passesFailed = new AtomicLong();
    final AtomicLong linkSwitches = new AtomicLong();
    final AtomicLong connectionsShed = new AtomicLong();

    DatasyncCounters snapshot() {
        return new DatasyncCounters(sessionsOpened.get(), sessionsAccepted.get(), sessionsRefused.get(),
                integrityFailures.get(), fileFailures.get(), dataBytesSent.get(), bytesResumed.get(), filesSent.get(),
                filesCommitted.get(), passesCompleted.get(), passesFailed.get(), linkSwitches.get(), connectionsShed.get());
    }
}

package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link liveness on the engine's scheduler: every quarter link timeout (or sooner, if a peer's
 * shorter timeout asks for faster keepalives) it closes sessions whose reads or writes moved no
 * byte for the link timeout (the thread blocked in them gets an exception), and sends a keepalive
 * on sessions that have been quiet. The only judge of time here is the injected clock.
 */
final class SessionTicker {
    private static final Logger log = LoggerFactory.getLogger(SessionTicker.class);

    private final Set<Session> sessions;
    private final long timeout;
    private final Clock clock;
    private final Scheduler scheduler;
    private final BooleanSupplier stopped;
    private final Runnable afterTick;

    SessionTicker(Set<Session> sessions, long timeoutNanos, Clock clock, Scheduler scheduler, BooleanSupplier stopped,
                  Runnable afterTick) {
        this.sessions = sessions;
        this.timeout = timeoutNanos;
        this.clock = clock;
        this.scheduler = scheduler;
        this.stopped = stopped;
        this.afterTick = afterTick;
    }

    void start() {
        schedule();
    }

    private void schedule() {
        long period = Math.max(1, timeout / 4);
        for (Session s : sessions) {
            RecordChannel ch = s.channel();
            if (ch != null && !ch.isClosed()) {
                period = Math.min(period, Math.max(1, ch.keepaliveNanos() / 2));
            }
        }
        scheduler.schedule(period, () -> {
            if (stopped.getAsBoolean()) {
                return;
            }
            tick(clock.nanos());
            afterTick.run();
            schedule();
        });
    }

    private void tick(long now) {
        for (Session s : sessions) {
            RecordChannel ch = s.channel();
            if (ch == null) {
                continue;
            }
            String stalled = ch.stalled(now, timeout);
            if (ch.isClosed()) {
                sessions.remove(s);
            } else if (stalled != null) {
                log.warn("datasync: {}: {} moved no byte for {} ms: the link is down, closing the session", ch.peerName(),
                        stalled, timeout / 1_000_000);
                ch.close();
            } else if (ch.keepaliveNanos() != Long.MAX_VALUE) {
                Thread.startVirtualThread(() -> {
                    try {
                        ch.sendIfIdle(RecordChannel.message(new Wire.Out(8), Msg.KEEPALIVE), ch.keepaliveNanos());
                    } catch (IOException e) {
                        ch.close();
                    }
                });
            }
        }
    }
}

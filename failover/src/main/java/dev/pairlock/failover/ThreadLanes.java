package dev.pairlock.failover;

import dev.pairlock.hal.time.Scheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Lanes on real hardware: one daemon thread per bus (and one for local registers); a blocking I2C
 * read on a hung bus holds only its own lane. Completions go back through the controller's
 * scheduler so the core stays single-threaded. The lease check runs on the lane thread right
 * before the write, against a volatile snapshot of the authority.
 *
 * <p>An operation that throws is logged with its lane, counted ({@link #failures()}) and skipped;
 * the lane goes on with the next one. The runtime wraps its own operations and turns such a
 * failure into giving up authority, so this is the backstop for other callers.
 */
public final class ThreadLanes implements Lanes, AutoCloseable {
    private final Scheduler scheduler;
    private final ExecutorService[] lanes;
    private final String[] names;
    private final AtomicLong failures = new AtomicLong();

    public ThreadLanes(Scheduler scheduler, int slots) {
        this.scheduler = scheduler;
        this.lanes = new ExecutorService[slots + 1];
        this.names = new String[slots + 1];
        for (int i = 0; i <= slots; i++) {
            String name = i == slots ? "lane-local" : "lane-bus-" + i;
            names[i] = name;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void submit(int lane, Supplier<Event> operation, Consumer<Event> completion) {
        int i = lane == LOCAL ? lanes.length - 1 : lane;
        lanes[i].execute(() -> {
            Event result;
            try {
                result = operation.get();
            } catch (Throwable t) {
                failures.incrementAndGet();
                LoggerFactory.getLogger(ThreadLanes.class).error("{}: an operation failed unexpectedly (failure #{});"
                        + " its result is lost, the lane goes on", names[i], failures.get(), t);
                return;
            }
            if (result != null) {
                scheduler.schedule(0, () -> completion.accept(result));
            }
        });
    }

    /** Operations that threw since these lanes were made. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        for (ExecutorService e : lanes) {
            e.shutdownNow();
        }
    }
}

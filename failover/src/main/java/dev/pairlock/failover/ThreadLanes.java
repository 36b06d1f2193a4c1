package dev.pairlock.failover;

import dev.pairlock.hal.time.Scheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lanes on real hardware: one daemon thread per bus (and one for local registers); a blocking I2C
 * read on a hung bus holds only its own lane. Completions go back through the controller's
 * scheduler so the core stays single-threaded. The lease check runs on the lane thread right
 * before the write, against a volatile snapshot of the authority.
 */
public final class ThreadLanes implements Lanes, AutoCloseable {
    private final Scheduler scheduler;
    private final ExecutorService[] lanes;

    public ThreadLanes(Scheduler scheduler, int slots) {
        this.scheduler = scheduler;
        this.lanes = new ExecutorService[slots + 1];
        for (int i = 0; i <= slots; i++) {
            String name = i == slots ? "lane-local" : "lane-bus-" + i;
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
            Event result = operation.get();
            if (result != null) {
                scheduler.schedule(0, () -> completion.accept(result));
            }
        });
    }

    @Override
    public void close() {
        for (ExecutorService e : lanes) {
            e.shutdownNow();
        }
    }
}

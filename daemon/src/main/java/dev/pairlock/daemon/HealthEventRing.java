package dev.pairlock.daemon;

import dev.pairlock.control.EventRecord;
import dev.pairlock.control.EventSource;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last health events in memory, for {@code scctl events} until the SEL (issue 13) takes over
 * as the {@link EventSource}. {@link #add} runs on the control loop, so followers are told on it:
 * a follower must hand events on without blocking (the {@code events} operation queues them for
 * its own thread).
 */
public final class HealthEventRing implements EventSource {
    private final int capacity;
    private final Clock wall;
    private final ArrayDeque<EventRecord> ring;
    private final List<Consumer<EventRecord>> followers = new CopyOnWriteArrayList<>();
    private long next = 1;

    public HealthEventRing(int capacity, Clock wall) {
        this.capacity = capacity;
        this.wall = wall;
        this.ring = new ArrayDeque<>(capacity);
    }

    /** Records one event and tells the followers. */
    public void add(String sc, String severity, String kind, long epoch, String message) {
        EventRecord e;
        synchronized (this) {
            e = new EventRecord(next++, wall.millis(), sc, severity, kind, epoch, message);
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(e);
        }
        for (Consumer<EventRecord> f : followers) {
            f.accept(e);
        }
    }

    @Override
    public synchronized List<EventRecord> last(int n) {
        List<EventRecord> all = new ArrayList<>(ring);
        return List.copyOf(all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size()));
    }

    @Override
    public AutoCloseable follow(Consumer<EventRecord> listener) {
        followers.add(listener);
        return () -> followers.remove(listener);
    }
}

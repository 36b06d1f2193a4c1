package dev.pairlock.control;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where {@code events} reads health events from: the daemon's in-memory ring today, the SEL
 * (issue 13) when it lands — it implements this and the daemon hands it to the {@code events}
 * operation instead of the ring.
 */
public interface EventSource {
    /** The last {@code n} events, oldest first. */
    List<EventRecord> last(int n);

    /**
     * Delivers each new event to {@code listener} (on the source's thread: keep it short) until the
     * returned handle is closed.
     */
    AutoCloseable follow(Consumer<EventRecord> listener);
}

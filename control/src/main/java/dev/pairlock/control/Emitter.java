package dev.pairlock.control;

/**
 * The open end of a streaming reply ({@code events} with {@code follow}): each object sent becomes
 * one line {@code {"event": …}} after the reply, until the client hangs up or the daemon closes
 * the stream. Thread-safe: event sources send from their own threads.
 */
public interface Emitter extends AutoCloseable {
    /** Sends one object; false once the stream is closed (stop sending). */
    boolean send(Object event);

    /** Runs {@code action} once when the stream closes, for whatever reason (unsubscribe here). */
    void onClose(Runnable action);

    /** Whether the stream is still open. */
    boolean isOpen();

    @Override
    void close();
}

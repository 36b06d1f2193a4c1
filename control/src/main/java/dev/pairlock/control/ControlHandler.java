package dev.pairlock.control;

/**
 * One operation of the control protocol. Runs on the connection's thread; may block (bounded: a
 * reply that takes seconds keeps only its own client waiting).
 */
@FunctionalInterface
public interface ControlHandler {
    /**
     * Carries out one validated request and returns its result (a {@code Map}, {@code List},
     * string, number or boolean; written as JSON). To keep streaming after the reply, call
     * {@code stream.open()} and send on the returned {@link Emitter}.
     *
     * @throws ControlException with code {@code failed} (or another) to answer an error
     */
    Object handle(ArgSpec.Arguments args, Streams stream);

    /** Opens the streaming part of a reply. */
    interface Streams {
        /** The emitter for this connection; lines sent before the reply is written wait for it. */
        Emitter open();
    }
}

package dev.pairlock.hal.gpio;

/** Receives edge events of a line request. */
public interface EdgeListener {
    void onEdge(EdgeEvent event);

    /**
     * The kernel's buffer overflowed and {@code count} edges on line {@code offset} were lost before
     * {@code next}: a gap in {@code line_seqno}. Never silently dropped.
     */
    default void onMissed(int offset, long count, EdgeEvent next) {
    }
}

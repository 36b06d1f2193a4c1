package dev.pairlock.peerlink;

/**
 * When a dropped frame is worth a log line: the first of each reason, then at most one per reason
 * every {@link #INTERVAL_NANOS}, saying how many so far. Limited by time, not by count, because a
 * flood of junk datagrams (hundreds of thousands a second) would otherwise write hundreds of lines
 * a second to the stream the control loop logs to as well. Used by the link's one receive thread only.
 */
final class DropWarnings {
    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final long[] lastWarnedAt;
    private final boolean[] warned;

    DropWarnings(int reasons) {
        this.lastWarnedAt = new long[reasons];
        this.warned = new boolean[reasons];
    }

    /** True when the drop of {@code reason} at {@code nowNanos} should be logged. */
    boolean due(int reason, long nowNanos) {
        if (warned[reason] && nowNanos - lastWarnedAt[reason] < INTERVAL_NANOS) {
            return false;
        }
        warned[reason] = true;
        lastWarnedAt[reason] = nowNanos;
        return true;
    }
}

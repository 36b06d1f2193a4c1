package dev.pairlock.events;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The child JVM of {@link SelCrashTest}: opens the SEL (recovering whatever the previous child's
 * {@code kill -9} left), then appends from several threads as fast as the disk allows, printing
 * {@code A seq thread n} for each record once {@link SystemEventLog#append} acknowledged it.
 */
public final class SelCrashChild {
    private SelCrashChild() {
    }

    /** The fields of record {@code n} of {@code thread}: the test recomputes them to compare. */
    static EventDraft draft(int thread, long n) {
        return EventDraft.of(EventKind.OPERATOR_ACTION, Role.MAIN, n).with("thread", thread).with("n", n)
                .with("pad", pad(thread, n));
    }

    static String pad(int thread, long n) {
        return "p".repeat((int) ((n * 7 + thread * 13) % 300));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long maxBytes = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        SystemEventLog sel = SystemEventLog.open(new SelConfig(dir, maxBytes, 4), ScId.SC0, SystemClock.INSTANCE,
                InstantSource.system());
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                for (long n = 0; ; n++) {
                    SelRecord r = sel.appendDurably(draft(thread, n));
                    synchronized (out) {
                        out.println("A " + r.seq() + " " + thread + " " + n);
                        out.flush();
                    }
                }
            });
            th.start();
        }
        Thread.currentThread().join(); // until killed
    }
}

package dev.pairlock.events;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What {@code scctl events} does when it reads the files itself (pairlockd is down, or the socket
 * handler does the same on its side): list, follow, clear. Output goes to the given streams; the
 * return value is the exit status.
 */
public final class SelCommands {
    private SelCommands() {
    }

    /** {@code scctl events [--since T] [--kind K] [-n N] [--json]} over this SC's log and the peer's copy. */
    public static int list(List<Path> dirs, SelQuery q, boolean json, ZoneId zone, PrintStream out, PrintStream err) {
        SelReader.Result r = SelReader.readMerged(dirs, q);
        for (SelRecord rec : r.records()) {
            out.println(json ? SelFormat.json(rec) : SelFormat.text(rec, zone));
        }
        if (r.damagedBytes() > 0) {
            err.println("warning: " + r.damagedBytes() + " damaged bytes were skipped (a disk fault, or a file edited by hand)");
        }
        return 0;
    }

    /** {@code --follow}: prints records as they are appended to {@code dir} until {@code stop} says so. */
    public static int follow(Path dir, SelQuery q, boolean json, ZoneId zone, PrintStream out, BooleanSupplier stop)
            throws InterruptedException {
        try (SelReader.Follower f = SelReader.of(dir).follow(q)) {
            while (!stop.getAsBoolean()) {
                for (SelRecord rec : f.poll()) {
                    out.println(json ? SelFormat.json(rec) : SelFormat.text(rec, zone));
                }
                out.flush();
                f.await(Duration.ofSeconds(1));
            }
        }
        return 0;
    }

    /**
     * {@code scctl events clear -y} ({@code ipmitool sel clear}) on the files: refused without
     * {@code -y}, and refused while pairlockd holds the log (then it must go through the daemon).
     */
    public static int clear(SelConfig cfg, ScId sc, boolean yes, String by, Clock mono, InstantSource wall, PrintStream out,
                            PrintStream err) {
        if (!yes) {
            err.println("scctl events clear deletes every record of the SEL in " + cfg.dir() + " (one SEL_CLEARED record"
                    + " stays): add -y to do it");
            return 2;
        }
        try {
            long n = clearFiles(cfg, sc, by, mono, wall);
            out.println("Cleared " + n + " records from the SEL in " + cfg.dir());
            return 0;
        } catch (SelException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /**
     * Clears SC {@code sc}'s SEL on the files, as {@code by}; the number of records that went. Only
     * while pairlockd does not hold the log: its lock refuses this otherwise ({@link SelException}).
     */
    public static long clearFiles(SelConfig cfg, ScId sc, String by, Clock mono, InstantSource wall) {
        try (SystemEventLog sel = SystemEventLog.open(cfg, sc, mono, wall)) {
            return SystemEventLog.join(sel.clear(by));
        }
    }
}

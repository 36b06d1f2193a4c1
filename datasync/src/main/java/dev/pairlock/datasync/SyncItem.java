package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the sync list: a file or a directory tree ({@code path}, the same on both SCs), its
 * priority (1 is needed before a live MAIN may be failed over), when it is synced, how failures are
 * retried, which files of a tree are included, and the CMM flag that makes it depend on the firmware
 * versions of the two SCs.
 *
 * @param retries        consecutive failed attempts before the item's priority is reported failed
 *                       (attempts go on at {@code retryInterval} after that)
 * @param origin         the SC whose data this is (e.g. its own event log): only that SC sends it,
 *                       when it is MAIN, and the other only ever holds a copy; empty: whichever SC is MAIN
 */
public record SyncItem(String name, Path path, int priority, SyncType type, Optional<Duration> period, int retries,
                       Duration retryInterval, List<String> include, List<String> exclude, SyncFlag flag,
                       Optional<ScId> origin) {
    public SyncItem {
        if (!name.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("item name '" + name + "' may use only a-z, 0-9, '_' and '-'");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("item " + name + ": path " + path + " is not absolute");
        }
        if (priority < 1 || priority > 3) {
            throw new IllegalArgumentException("item " + name + ": priority " + priority + " is not 1..3");
        }
        if ((type == SyncType.PERIODIC) != period.isPresent()) {
            throw new IllegalArgumentException("item " + name + ": a period is needed by, and only by, a periodic item");
        }
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        include.forEach(PathFilter::check);
        exclude.forEach(PathFilter::check);
    }

    /** An item any MAIN sends (no origin). */
    public SyncItem(String name, Path path, int priority, SyncType type, Optional<Duration> period, int retries,
                    Duration retryInterval, List<String> include, List<String> exclude, SyncFlag flag) {
        this(name, path, priority, type, period, retries, retryInterval, include, exclude, flag, Optional.empty());
    }

    /** An immediate item with no filter, 3 retries every 30 s and flag {@code always} (tests, tools). */
    public static SyncItem immediate(String name, Path path, int priority) {
        return new SyncItem(name, path, priority, SyncType.IMMEDIATE, Optional.empty(), 3, Duration.ofSeconds(30),
                List.of(), List.of(), SyncFlag.ALWAYS);
    }

    public SyncItem withFlag(SyncFlag f) {
        return new SyncItem(name, path, priority, type, period, retries, retryInterval, include, exclude, f, origin);
    }

    public SyncItem withFilter(List<String> inc, List<String> exc) {
        return new SyncItem(name, path, priority, type, period, retries, retryInterval, inc, exc, flag, origin);
    }

    public SyncItem periodic(Duration every) {
        return new SyncItem(name, path, priority, SyncType.PERIODIC, Optional.of(every), retries, retryInterval, include,
                exclude, flag, origin);
    }

    public SyncItem withRetries(int count, Duration interval) {
        return new SyncItem(name, path, priority, type, period, count, interval, include, exclude, flag, origin);
    }

    public SyncItem withOrigin(ScId sc) {
        return new SyncItem(name, path, priority, type, period, retries, retryInterval, include, exclude, flag, Optional.of(sc));
    }

    /** What both SCs must agree on for the SPARE to take a pass of this item: path, filter, origin. */
    String fingerprint() {
        return "path=" + path + " " + filter().fingerprint() + origin.map(o -> " origin=" + o).orElse("");
    }

    PathFilter filter() {
        return new PathFilter(include, exclude);
    }

    /**
     * Why {@code self} never sends this item (another SC's own data, of which it holds a copy), or
     * empty: decided by the configuration alone, so it holds for the daemon's life.
     */
    public Optional<String> copyOnlyOn(ScId self) {
        return origin.filter(o -> o != self).map(o -> "origin " + o.name().toLowerCase(java.util.Locale.ROOT) + ": only "
                + o + " sends it; " + self + " holds a copy");
    }
}

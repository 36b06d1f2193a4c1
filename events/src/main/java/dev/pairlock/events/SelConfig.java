package dev.pairlock.events;

import dev.pairlock.config.ConfigEntry;
import dev.pairlock.config.ConfigFile;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code sel.*} keys of the platform file.
 * <pre>
 *   sel.dir      = /var/lib/pairlock/sel/sc0  # the log's directory; default: {state.dir}/sel/ + this SC's name
 *                                            # (each SC writes its own; data sync copies the MAIN's
 *                                            # directory to the same path on the SPARE: priority 1)
 *   sel.max_size = 16MiB                   # the log's bound; the oldest segment goes first
 *   sel.segments = 8                       # the bound is kept in this many segment files
 * </pre>
 *
 * @param segmentBytes the size at which a segment is closed and the next one begun
 */
public record SelConfig(Path dir, long maxBytes, int segments) {
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    public static final int DEFAULT_SEGMENTS = 8;
    public static final long MIN_MAX_BYTES = 64L << 10;
    public static final long MAX_MAX_BYTES = 1L << 30;
    private static final Set<String> KEYS = Set.of("sel.dir", "sel.max_size", "sel.segments");

    public SelConfig {
        if (maxBytes < MIN_MAX_BYTES || maxBytes > MAX_MAX_BYTES) {
            throw new IllegalArgumentException("SEL size " + maxBytes + " is outside " + MIN_MAX_BYTES + ".." + MAX_MAX_BYTES);
        }
        if (segments < 2 || segments > 64) {
            throw new IllegalArgumentException("SEL segments " + segments + " is outside 2..64");
        }
    }

    /** The defaults, in {@code dir}. */
    public static SelConfig in(Path dir) {
        return new SelConfig(dir, DEFAULT_MAX_BYTES, DEFAULT_SEGMENTS);
    }

    public long segmentBytes() {
        return maxBytes / segments;
    }

    /**
     * The default directory of {@code sc}'s log under the daemon's {@code state.dir}: each SC's log is
     * {@code sel/sc0} or {@code sel/sc1}, so a copy of the peer's never meets its own.
     */
    public static Path defaultDir(Path stateDir, dev.pairlock.hal.ScId sc) {
        return stateDir.resolve("sel").resolve(sc.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Reads the {@code sel.*} keys with the default state directory /var/lib/pairlock. */
    public static SelConfig parse(ConfigFile file, dev.pairlock.hal.ScId sc) {
        return parse(file, sc, EventsConfig.DEFAULT_STATE_DIR);
    }

    /**
     * Reads the {@code sel.*} keys; unknown {@code sel.} keys are errors naming the known ones. Without
     * {@code sel.dir} the log lives under {@code stateDir} (the platform file's {@code state.dir}), so one
     * key moves all of an SC's state, as a test or a second SC on one machine needs.
     */
    public static SelConfig parse(ConfigFile file, dev.pairlock.hal.ScId sc, Path stateDir) {
        for (ConfigEntry e : file.section("sel")) {
            if (!KEYS.contains(e.key())) {
                throw e.error("is not a known key (known: sel.dir, sel.max_size, sel.segments)");
            }
        }
        Path dir = file.take("sel.dir").map(ConfigEntry::path).orElse(defaultDir(stateDir, sc));
        long max = file.take("sel.max_size").map(e -> e.size(MIN_MAX_BYTES, MAX_MAX_BYTES)).orElse(DEFAULT_MAX_BYTES);
        ConfigEntry segEntry = file.take("sel.segments").orElse(null);
        int segments = segEntry == null ? DEFAULT_SEGMENTS : segEntry.integer(2, 64);
        if (segEntry != null && max / segments < 8 << 10) {
            // (the defaults always pass: 64 KiB / 8)
            throw segEntry.error("sel.max_size / sel.segments is " + (max / segments) + " bytes; a segment needs at"
                    + " least 8 KiB: raise sel.max_size or lower sel.segments");
        }
        return new SelConfig(dir, max, segments);
    }
}

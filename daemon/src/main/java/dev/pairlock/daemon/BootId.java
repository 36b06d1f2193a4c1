package dev.pairlock.daemon;

import dev.pairlock.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer link's boot id: larger on every start of this daemon, so the peer accepts us after a
 * restart and refuses recordings of an earlier run. Kept in {@code STATE_DIR/peer-link.boot} (read,
 * incremented, written durably before the link opens), or the wall clock in microseconds when that
 * is larger: a missing, damaged or rolled-back counter then still gives a boot id above every one a
 * previous run used (the counter keeps it growing when the clock stands still or goes back).
 */
public final class BootId {
    public static final String FILE_NAME = "peer-link.boot";
    private static final Logger LOG = LoggerFactory.getLogger(BootId.class);

    private BootId() {
    }

    /** The next boot id; {@code wallMicros} is the fallback for a missing or damaged counter. */
    public static long next(Path stateDir, long wallMicros) throws IOException {
        Path f = stateDir.resolve(FILE_NAME);
        long last = 0;
        if (Files.exists(f)) {
            try {
                last = Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException | IOException e) {
                LOG.warn("{}: the peer link's boot counter is damaged ({}): the clock gives this boot id, and the file is"
                        + " rewritten", f, e.toString());
                last = 0;
            }
        }
        // the clock too, not only for a missing counter: a counter rolled back (a restored state
        // directory, a re-imaged root file system) would repeat a boot id the peer has seen, and the
        // peer refuses every frame not above it until it restarts itself
        long next = Math.max(last + 1, wallMicros);
        AtomicFiles.write(f, (next + "\n").getBytes(StandardCharsets.US_ASCII));
        return next;
    }
}
